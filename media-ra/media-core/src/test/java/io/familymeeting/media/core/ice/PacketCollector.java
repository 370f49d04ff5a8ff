package io.familymeeting.media.core.ice;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A PacketHandler that keeps copies of what it got, with the thread it ran on. */
final class PacketCollector implements PacketHandler {
    final List<byte[]> packets = new CopyOnWriteArrayList<>();
    volatile String threadName;

    @Override
    public synchronized void onPacket(byte[] buf, int off, int len) {
        threadName = Thread.currentThread().getName();
        packets.add(Arrays.copyOfRange(buf, off, off + len));
        notifyAll();
    }

    synchronized boolean awaitCount(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (packets.size() < n) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
