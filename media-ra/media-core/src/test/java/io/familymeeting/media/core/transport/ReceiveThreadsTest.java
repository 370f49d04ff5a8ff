package io.familymeeting.media.core.transport;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.dtls.DtlsRole;
import io.familymeeting.media.core.ice.IceTransportConfig;
import io.familymeeting.media.core.ice.MediaPort;
import io.familymeeting.media.core.ice.MediaPortConfig;
import io.familymeeting.media.core.rtcp.ReceiverReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads per participant on the receive path: {@value #PARTICIPANTS} viewers (real ICE, DTLS
 * and SRTP against {@link BrowserSide}s on loopback) connect to one media port, each sends
 * SRTCP the server must read, and the server's threads are counted: the tasks still running on
 * the engine's executor once every handshake ended, plus the port's forwarding threads. The
 * property is structural (participants do not bring threads of their own), not a timing.
 * The JVM's whole thread count, by name, is printed for the record; it includes the browser
 * ends' threads, which are the test's, not the server's.
 */
@Timeout(180)
class ReceiveThreadsTest {
    private static final int PARTICIPANTS = 50;
    private static final long WAIT = 20_000;
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate BROWSER_CERT = DtlsCertificate.generate();

    private MediaPort port;
    private ThreadPoolExecutor serverThreads;
    private ExecutorService browserThreads;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private final class Context implements TransportContext {
        @Override
        public Executor executor() {
            return serverThreads;
        }

        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        port = MediaPort.open(MediaPortConfig.defaults().withBind("127.0.0.1", 0));
        AtomicInteger n = new AtomicInteger();
        serverThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "server-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger m = new AtomicInteger();
        browserThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "browser-task-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        } finally {
            port.close();
            serverThreads.shutdownNow();
            browserThreads.shutdownNow();
        }
    }

    @Test
    void connectedParticipantsDoNotBringReceiveThreadsOfTheirOwn() throws Exception {
        int jvmBefore = Thread.activeCount();
        Map<String, Integer> namesBefore = threadNames();

        List<WebRtcTransport> transports = new ArrayList<>();
        List<BrowserSide> browsers = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            WebRtcTransport t = WebRtcTransport.open(port, IceTransportConfig.defaults(), SERVER_CERT, new Context(),
                    ParticipantRole.VIEWER);
            toClose.add(t::close);
            RecordingOwner owner = new RecordingOwner();
            t.attach(owner);
            BrowserSide b = new BrowserSide(BROWSER_CERT, SERVER_CERT.fingerprint(), browserThreads);
            toClose.add(b);
            t.prepareDtls(DtlsRole.SERVER, List.of(BROWSER_CERT.fingerprint()));
            t.connect(b.ice().ufrag(), b.ice().password(), b.ice().candidates());
            b.connectTo(t, port.port());
            b.handshake(WAIT);
            assertThat(owner.awaitSecure(WAIT)).as("participant %d secure", i).isTrue();
            transports.add(t);
            browsers.add(b);
        }
        // Every viewer's feedback must still be read: one receiver report each.
        byte[] rr = new byte[8];
        int rrLength = ReceiverReport.write(rr, 0, 0x1234);
        List<Long> receivedBefore = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            receivedBefore.add(transports.get(i).ice().receivedPackets());
            browsers.get(i).sendRtcp(java.util.Arrays.copyOf(rr, rrLength));
        }
        for (int i = 0; i < PARTICIPANTS; i++) {
            WebRtcTransport t = transports.get(i);
            long deadline = System.currentTimeMillis() + WAIT;
            while (t.ice().receivedPackets() <= receivedBefore.get(i) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(t.ice().receivedPackets()).as("participant %d's RTCP was read", i)
                    .isGreaterThan(receivedBefore.get(i));
        }

        // The handshake tasks have ended (each ends with its handshake); what still runs is per-participant.
        int serverTasks = settledActiveCount(PARTICIPANTS / 4);
        int forwarding = (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("media-forwarding-")).count();
        int jvmAfter = Thread.activeCount();
        System.out.printf("ReceiveThreadsTest: %d participants; JVM threads %d -> %d; server tasks running %d,"
                + " forwarding threads %d%n  before: %s%n  after:  %s%n", PARTICIPANTS, jvmBefore, jvmAfter,
                serverTasks, forwarding, namesBefore, threadNames());
        assertThat(serverTasks + forwarding)
                .as("server threads for %d connected participants", PARTICIPANTS)
                .isLessThan(PARTICIPANTS / 4);
    }

    /** The executor's running tasks once they stop falling below {@code target} (handshake tasks end shortly after onSecure). */
    private int settledActiveCount(int target) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        int active = serverThreads.getActiveCount();
        while (active >= target && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            active = serverThreads.getActiveCount();
        }
        return active;
    }

    /** Live threads by name, digits stripped ("media-worker-12" counts as "media-worker-#"). */
    private static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return names;
    }
}
