package io.familymeeting.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * What a test's listening socket saw: the proof that something was, or was not, connected
 * to (e.g. a refused camera target must see no connection). It does not open listeners.
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * True when a connection waits in {@code listener}'s backlog or arrives within
     * {@code wait}; the connection is accepted and closed.
     */
    public static boolean connectionAttempted(ServerSocket listener, Duration wait) throws IOException {
        listener.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            listener.accept().close();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
