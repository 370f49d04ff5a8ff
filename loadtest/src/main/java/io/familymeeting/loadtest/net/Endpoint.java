package io.familymeeting.loadtest.net;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * One simulated client as a {@link Reactor} drives it: its non-blocking UDP socket, what to do
 * with each datagram read from it, and its timers. Every call comes from the reactor's thread.
 */
public interface Endpoint {
    DatagramChannel channel();

    /** One datagram; {@code buf} is the reactor's and is reused after the call returns. */
    void onDatagram(byte[] buf, int len, InetSocketAddress from, long nowNanos);

    /** Called when {@code nowNanos >= nextTickNanos()}: send what is due (media, checks, RTCP). */
    void tick(long nowNanos);

    long nextTickNanos();

    /** An exception from one of the calls above: the reactor drops the endpoint and goes on. */
    void failed(Throwable t);
}
