package io.familymeeting.media.core.ice;

import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.socket.SocketPool;

/**
 * Reaches the one bound {@link DatagramSocket} inside an ice4j single-port harvester to set
 * SO_RCVBUF and SO_SNDBUF. ice4j 3.2 only offers a JVM-wide receive-buffer setting
 * ({@code ice4j.harvest.udp.receive-buffer-size}) and nothing for the send buffer, and keeps
 * its socket pool in a private field: we read that field reflectively (ice4j is on the class
 * path, so no module boundary stops it). With the pool size forced to 1 by
 * {@link Ice4jSetup}, the pool's receive socket is also the only send socket.
 *
 * <p>If a future ice4j renames the field, sizing is skipped with a warning and the sizes are
 * reported as unknown (-1); the port still works with the kernel defaults.
 */
final class HarvesterSocket {
    private static final Logger LOG = Logger.getLogger(HarvesterSocket.class.getName());

    private HarvesterSocket() {
    }

    /** Asks for the buffer sizes; returns the sizes granted {rcvbuf, sndbuf}, -1 if unknown. */
    static int[] applyBufferSizes(AbstractUdpListener harvester, int receiveBytes, int sendBytes) {
        DatagramSocket socket = socketOf(harvester);
        if (socket == null) {
            return new int[] {-1, -1};
        }
        try {
            socket.setReceiveBufferSize(receiveBytes);
            socket.setSendBufferSize(sendBytes);
            int[] granted = {socket.getReceiveBufferSize(), socket.getSendBufferSize()};
            if (granted[0] < receiveBytes || granted[1] < sendBytes) {
                LOG.warning(() -> "media socket " + harvester.getLocalAddress() + ": asked for SO_RCVBUF "
                        + receiveBytes + " / SO_SNDBUF " + sendBytes + ", kernel granted "
                        + granted[0] + " / " + granted[1]
                        + " (raise net.core.rmem_max / net.core.wmem_max)");
            }
            return granted;
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "could not size media socket buffers", e);
            return new int[] {-1, -1};
        }
    }

    /** The one bound socket of the harvester, or null when ice4j hides it differently. */
    static DatagramSocket socketOf(AbstractUdpListener harvester) {
        try {
            Field field = AbstractUdpListener.class.getDeclaredField("socketPool");
            field.setAccessible(true);
            SocketPool pool = (SocketPool) field.get(harvester);
            if (pool.getNumSockets() != 1) {
                LOG.warning("ice4j socket pool has " + pool.getNumSockets()
                        + " sockets; only the receive socket is sized");
            }
            return pool.getReceiveSocket();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "this ice4j version hides its socket differently; "
                    + "media socket buffers keep the kernel defaults", e);
            return null;
        }
    }
}
