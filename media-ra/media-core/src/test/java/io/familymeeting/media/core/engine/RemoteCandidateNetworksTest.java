package io.familymeeting.media.core.engine;

import io.familymeeting.media.api.DropCounts;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.SfuEngine;
import io.familymeeting.media.core.ice.StunRequests;
import io.familymeeting.media.core.sdp.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 3 through the engine: with {@code MEDIA_ALLOWED_CANDIDATE_NETWORKS=127.0.0.1/32}
 * an offer whose candidate is 127.0.0.2 (loopback, refused by default and not listed) has it
 * ignored and counted, and a valid ICE check from 127.0.0.2 (right ufrag, right MESSAGE-INTEGRITY)
 * gets nothing back: no answer, no triggered check (captured on a socket at 127.0.0.2). The same
 * check from a socket at 127.0.0.1 is answered and checked back, so the capture would see it.
 */
class RemoteCandidateNetworksTest {
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    /** The fixture offer's own credentials (chromium-156-viewer.sdp). */
    private static final String CLIENT_UFRAG = "87go";

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "candidate-test-work");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SfuEngine engine;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = EngineFixture.freeUdpPort();
        engine = new SfuEngine(EngineConfig.defaults().withBindAddress("127.0.0.1").withMediaPort(port)
                .withCandidateNetworks(List.of("127.0.0.1/32"), false), e -> { }, executor);
        engine.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        engine.close();
        executor.shutdownNow();
    }

    private DatagramSocket socket(String address) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        closeables.add(s);
        return s;
    }

    @Test
    void candidateOutsideTheAllowedNetworksGetsNoCheck() throws Exception {
        DatagramSocket outsider = socket("127.0.0.2");
        DatagramSocket insider = socket("127.0.0.1");
        String offer = Fixtures.text("chromium-156-viewer.sdp")
                .replace("127.0.0.1 52360 typ host", "127.0.0.2 " + outsider.getLocalPort() + " typ host");
        assertThat(offer).contains("127.0.0.2 " + outsider.getLocalPort());
        String answer = engine.answer(new OfferRequest("room", "viewer", "V", ParticipantRole.VIEWER, offer));
        String serverUfrag = first(UFRAG, answer);
        String serverPassword = first(PWD, answer);

        ParticipantSnapshot viewer = engine.rooms().get(0).participants().get(0);
        assertThat(viewer.drops().candidatesIgnored()).as("the offer's 127.0.0.2 candidate").isEqualTo(1);

        // A genuine-looking check from the refused address: nothing comes back.
        byte[] check = StunRequests.bindingRequest(serverUfrag + ":" + CLIENT_UFRAG, serverPassword, id(1), true);
        InetSocketAddress media = new InetSocketAddress("127.0.0.1", port);
        for (int i = 0; i < 3; i++) {
            outsider.send(new DatagramPacket(check, check.length, media));
            Thread.sleep(100);
        }
        assertThat(receiveAny(outsider, 2500)).as("anything sent to 127.0.0.2").isEqualTo(-1);
        DropCounts engineDrops = engine.snapshot().drops();
        assertThat(engineDrops.stunRejected()).isGreaterThanOrEqualTo(3);
        assertThat(engine.rooms().get(0).participants().get(0).drops().stunRejected()).isGreaterThanOrEqualTo(3);

        // The control: the same check from 127.0.0.1 is answered (and checked back).
        byte[] allowed = StunRequests.bindingRequest(serverUfrag + ":" + CLIENT_UFRAG, serverPassword, id(2), true);
        insider.send(new DatagramPacket(allowed, allowed.length, media));
        int type = receiveAny(insider, 5000);
        assertThat(type).as("STUN answer or triggered check to 127.0.0.1").isIn(0x0101, 0x0001);
        assertThat(receiveAny(outsider, 500)).as("still nothing to 127.0.0.2").isEqualTo(-1);
    }

    /** The STUN message type of the first datagram within {@code millis}, or -1 when none came. */
    private static int receiveAny(DatagramSocket s, int millis) throws Exception {
        s.setSoTimeout(millis);
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return -1;
        }
        int type = StunRequests.messageType(buf, p.getLength());
        return type < 0 ? 0x10000 : type;
    }

    private static byte[] id(int n) {
        byte[] id = new byte[12];
        id[11] = (byte) n;
        id[0] = 0x42;
        return id;
    }

    private static String first(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        assertThat(m.find()).as(p.pattern()).isTrue();
        return m.group(1);
    }
}
