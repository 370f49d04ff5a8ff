package io.familymeeting.media.core.ice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records an IceTransport's transitions and waits for one. */
final class StateRecorder implements IceStateListener {
    final List<IceState> states = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void onStateChanged(IceTransport transport, IceState oldState, IceState newState) {
        states.add(newState);
        notifyAll();
    }

    /** Waits until {@code wanted} was reached; false on timeout. */
    synchronized boolean await(IceState wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!states.contains(wanted)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
