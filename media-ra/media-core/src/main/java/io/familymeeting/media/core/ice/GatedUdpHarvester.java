package io.familymeeting.media.core.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;

import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * ice4j's single-port harvester with a {@link StunGate} in front of its address mapping: a
 * STUN Binding request from an unknown address opens a session only when the gate admits it.
 * ice4j calls {@link #maybeAcceptNewSession} on this harvester's one reader thread; nothing
 * thrown here may reach that thread (it would stop reading the port), so every failure is a
 * refusal. Does nothing else differently from ice4j.
 */
final class GatedUdpHarvester extends SinglePortUdpHarvester {
    private static final Logger LOG = Logger.getLogger(GatedUdpHarvester.class.getName());

    /** Null until the constructor finished: ice4j starts the reader thread inside super(). */
    private final StunGate gate;
    /** Used by the reader thread only. */
    private final Mac mac;

    GatedUdpHarvester(TransportAddress localAddress, StunGate gate) throws IOException {
        super(localAddress);
        this.gate = gate;
        try {
            this.mac = Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            close();
            throw new IOException("no HmacSHA1 for STUN message integrity", e);
        }
    }

    @Override
    protected MySocket maybeAcceptNewSession(Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
        StunGate g = gate;
        Mac m = mac;
        if (g == null || m == null) {
            return null;
        }
        try {
            IceTransport transport = g.admit(buf.getBuffer(), buf.getOffset(), buf.getLength(), remoteAddress, ufrag, m);
            if (transport == null) {
                return null;
            }
            MySocket socket = super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
            if (socket != null) {
                transport.remoteAddressMapped();
            }
            return socket;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "refused a STUN request from " + remoteAddress, e);
            return null;
        }
    }
}
