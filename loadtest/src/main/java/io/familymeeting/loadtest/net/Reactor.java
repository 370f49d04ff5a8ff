package io.familymeeting.loadtest.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread serving many {@link Endpoint}s: reads every readable socket until it is
 * drained and hands each datagram to its endpoint, then runs the endpoints' due timers. The
 * load generator runs one per core, so a thousand clients cost a few threads, not thousands.
 * Endpoints are added from any thread ({@link #add}); nothing else about them is shared.
 * It does not pace or send anything itself.
 */
public final class Reactor implements AutoCloseable {
    /** Largest datagram read; SRTP packets of the fixture stay under 1,300 bytes. */
    private static final int RECEIVE_BUFFER = 2048;
    /** Longest sleep in select: the timers' resolution. */
    private static final long SELECT_MILLIS = 1;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Endpoint> added = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Endpoint> removed = new ConcurrentLinkedQueue<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final ByteBuffer rx = ByteBuffer.allocate(RECEIVE_BUFFER);
    private volatile boolean running = true;
    private volatile Throwable failure;

    public Reactor(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void add(Endpoint endpoint) {
        added.add(endpoint);
        selector.wakeup();
    }

    public void remove(Endpoint endpoint) {
        removed.add(endpoint);
        selector.wakeup();
    }

    /** An exception an endpoint threw (it stopped the reactor), or null. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                register();
                selector.select(SELECT_MILLIS);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        Endpoint e = (Endpoint) key.attachment();
                        try {
                            drain(e);
                        } catch (RuntimeException ex) {
                            drop(e, ex);
                        }
                    }
                }
                long now = System.nanoTime();
                for (int i = 0; i < endpoints.size(); i++) {
                    Endpoint e = endpoints.get(i);
                    if (now - e.nextTickNanos() >= 0) {
                        try {
                            e.tick(now);
                        } catch (RuntimeException ex) {
                            drop(e, ex);
                        }
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
            t.printStackTrace();
        }
    }

    private void register() throws ClosedChannelException {
        for (Endpoint e; (e = added.poll()) != null; ) {
            e.channel().register(selector, SelectionKey.OP_READ, e);
            endpoints.add(e);
        }
        for (Endpoint e; (e = removed.poll()) != null; ) {
            SelectionKey key = e.channel().keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            endpoints.remove(e);
        }
    }

    private void drop(Endpoint e, RuntimeException ex) {
        e.failed(ex);
        remove(e);
    }

    private void drain(Endpoint e) {
        DatagramChannel channel = e.channel();
        while (true) {
            rx.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(rx);
            } catch (IOException ex) {
                return; // closed meanwhile, or an ICMP error from an earlier send
            }
            if (from == null) {
                return;
            }
            e.onDatagram(rx.array(), rx.position(), from, System.nanoTime());
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
