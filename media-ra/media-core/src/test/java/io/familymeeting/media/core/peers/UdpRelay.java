package io.familymeeting.media.core.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A UDP relay on 127.0.0.1 between one WebRTC peer and the SFU, for tests that must drop or
 * add datagrams on the path (induced loss, garbage from a participant's own address).
 *
 * <p>It has two sockets: the peer is told that the SFU is at the peer-facing one
 * ({@link #rewriteAnswer}), the SFU that the peer is at the SFU-facing one
 * ({@link #rewriteOffer}); each side only ever sees the relay's address that its
 * candidates name, so ICE, DTLS and SRTP run end to end unchanged. Datagrams from the SFU
 * pass a {@link Filter} before they go on to the peer. {@link #injectToSfu} sends a datagram
 * from the SFU-facing socket, so the SFU takes it for one of the peer's own.
 *
 * <p>One relay serves one peer connection (one remote candidate, learned from the offer).
 * It does not parse or change anything it forwards. Loopback only: it binds 127.0.0.1 and
 * forwards only to 127.0.0.1.
 */
public final class UdpRelay implements AutoCloseable {
    /** Which way a datagram travels. */
    public enum Direction { TO_SFU, TO_PEER }

    /** Decides per datagram whether the relay drops it; called on the relay's threads. */
    @FunctionalInterface
    public interface Filter {
        Filter NONE = (direction, buf, off, len) -> false;

        boolean drop(Direction direction, byte[] buf, int off, int len);
    }

    /** RFC 8839 §5.1 candidate-attribute, UDP host candidates with an IPv4 address. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "a=candidate:(\\S+) (\\d+) (?i:udp) (\\d+) (\\d{1,3}(?:\\.\\d{1,3}){3}) (\\d+) typ host[^\\r\\n]*");
    /** Any other candidate line (TCP, IPv6, mDNS, srflx...): removed, the relay is the only path. */
    private static final Pattern OTHER_CANDIDATE = Pattern.compile("a=candidate:[^\\r\\n]*\\r?\\n");
    private static final int MAX_DATAGRAM = 2048;

    private final DatagramSocket peerFacing;
    private final DatagramSocket sfuFacing;
    private final InetSocketAddress sfu;
    private volatile InetSocketAddress peer;
    private volatile Filter filter = Filter.NONE;
    private volatile boolean closed;
    private final AtomicLong[] forwarded = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] dropped = {new AtomicLong(), new AtomicLong()};
    private final List<Thread> threads = new ArrayList<>();

    private UdpRelay(DatagramSocket peerFacing, DatagramSocket sfuFacing, InetSocketAddress sfu) {
        this.peerFacing = peerFacing;
        this.sfuFacing = sfuFacing;
        this.sfu = sfu;
        threads.add(pump(peerFacing, Direction.TO_SFU));
        threads.add(pump(sfuFacing, Direction.TO_PEER));
    }

    /** Binds two sockets on 127.0.0.1 and starts relaying towards the SFU at 127.0.0.1:{@code sfuPort}. */
    public static UdpRelay start(int sfuPort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            DatagramSocket a = new DatagramSocket(new InetSocketAddress(loopback, 0));
            DatagramSocket b = new DatagramSocket(new InetSocketAddress(loopback, 0));
            for (DatagramSocket s : List.of(a, b)) {
                s.setSoTimeout(200);
                s.setReceiveBufferSize(1 << 20);
            }
            return new UdpRelay(a, b, new InetSocketAddress(loopback, sfuPort));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind the relay", e);
        }
    }

    private Thread pump(DatagramSocket from, Direction direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[MAX_DATAGRAM];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            while (!closed) {
                try {
                    in.setLength(buf.length);
                    from.receive(in);
                    InetSocketAddress target = direction == Direction.TO_SFU ? sfu : peer;
                    if (target == null) {
                        continue;
                    }
                    if (filter.drop(direction, buf, 0, in.getLength())) {
                        dropped[direction.ordinal()].incrementAndGet();
                        continue;
                    }
                    DatagramSocket out = direction == Direction.TO_SFU ? sfuFacing : peerFacing;
                    // Counted before the send: a receiver that got the datagram sees it counted.
                    forwarded[direction.ordinal()].incrementAndGet();
                    out.send(new DatagramPacket(buf, 0, in.getLength(), target));
                } catch (SocketTimeoutException e) {
                    // check closed
                } catch (IOException e) {
                    if (!closed) {
                        throw new UncheckedIOException("relay " + direction + " failed", e);
                    }
                }
            }
        }, "udp-relay-" + direction);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The peer's offer as the SFU must see it: the first IPv4 UDP host candidate (the peer's
     * real address, remembered here) becomes one at the relay's SFU-facing socket; every
     * other candidate is removed.
     */
    public String rewriteOffer(String offerSdp) {
        return rewrite(offerSdp, sfuFacing.getLocalPort(), true);
    }

    /** The SFU's answer as the peer must see it: its host candidates point at the peer-facing socket. */
    public String rewriteAnswer(String answerSdp) {
        return rewrite(answerSdp, peerFacing.getLocalPort(), false);
    }

    private String rewrite(String sdp, int relayPort, boolean learnPeer) {
        StringBuilder out = new StringBuilder();
        String crlf = sdp.contains("\r\n") ? "\r\n" : "\n";
        boolean any = false;
        for (String line : sdp.split("\r?\n", -1)) {
            Matcher m = CANDIDATE.matcher(line);
            if (m.matches() && "127.0.0.1".equals(m.group(4))) {
                if (learnPeer && peer == null) {
                    peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(5)));
                }
                out.append("a=candidate:").append(m.group(1)).append(' ').append(m.group(2)).append(" udp ")
                        .append(m.group(3)).append(" 127.0.0.1 ").append(relayPort).append(" typ host").append(crlf);
                any = true;
            } else if (!OTHER_CANDIDATE.matcher(line + "\n").matches()) {
                out.append(line).append(crlf);
            }
        }
        if (!any) {
            throw new HarnessException("no 127.0.0.1 UDP host candidate to relay in:\n" + sdp);
        }
        // split(-1) keeps the empty string after the last line break: do not add one more.
        out.setLength(out.length() - crlf.length());
        return out.toString();
    }

    public void setFilter(Filter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Sends a datagram to the SFU from the address the SFU knows as the peer's. */
    public void injectToSfu(byte[] datagram) {
        try {
            sfuFacing.send(new DatagramPacket(datagram, datagram.length, sfu));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inject a datagram", e);
        }
    }

    public long forwarded(Direction direction) {
        return forwarded[direction.ordinal()].get();
    }

    public long dropped(Direction direction) {
        return dropped[direction.ordinal()].get();
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        peerFacing.close();
        sfuFacing.close();
    }
}
