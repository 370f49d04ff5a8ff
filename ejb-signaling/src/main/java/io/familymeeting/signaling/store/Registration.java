package io.familymeeting.signaling.store;

/** A listener registration; closing it stops the deliveries. Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
