package io.familymeeting.loadtest;

import io.familymeeting.loadtest.media.Fixture;
import io.familymeeting.loadtest.net.Reactor;
import io.familymeeting.loadtest.peer.Peer;
import io.familymeeting.loadtest.peer.PeerContext;
import io.familymeeting.loadtest.peer.Presenter;
import io.familymeeting.loadtest.peer.Viewer;
import io.familymeeting.loadtest.signaling.Signaling;
import io.familymeeting.loadtest.signaling.Signalings;
import io.familymeeting.loadtest.stats.DelayRecorder;
import io.familymeeting.loadtest.stats.ProcSample;
import io.familymeeting.loadtest.stats.UdpDrops;
import io.familymeeting.loadtest.stats.ViewerCounts;
import io.familymeeting.media.core.dtls.DtlsCertificate;
import io.familymeeting.media.core.srtp.SrtpSession;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of the generator: opens the rooms, connects their presenters (who start replaying the
 * fixture), joins the viewers a few at a time, waits until every client connected or failed,
 * measures for the run's duration (counters before and after, delays recorded only inside the
 * window, the server process sampled at both ends), lets everyone leave and stops everything it
 * started, also when something fails. Joins go at most {@link Options#joinRate()} a second.
 * Threads: {@link Options#threads()} selector threads, a
 * DTLS pool of {@link Options#dtlsThreads()}, and {@link Options#joinConcurrency()} signaling
 * threads while joining.
 */
public final class LoadRun {
    private final Options options;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public LoadRun(Options options) {
        this.options = options;
    }

    public RunResult run() throws Exception {
        Fixture fixture = Fixture.load();
        // Loads the SRTP cipher (OpenSSL through JNI, seconds on a busy machine) before any
        // presenter's first packet would wait for it.
        SrtpSession.warmUp();
        int threads = options.threads();
        List<Reactor> reactors = new ArrayList<>();
        List<DelayRecorder> recorders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            reactors.add(new Reactor("lt-reactor-" + i));
            recorders.add(new DelayRecorder());
        }
        AtomicInteger dtlsThreadCount = new AtomicInteger();
        ThreadPoolExecutor dtlsPool = new ThreadPoolExecutor(options.dtlsThreads(), options.dtlsThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "lt-dtls-" + dtlsThreadCount.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        PeerContext context = new PeerContext(DtlsCertificate.generate(), dtlsPool,
                InetAddress.getByName(options.localAddress()), options.connectTimeout().toNanos());
        List<Presenter> presenters = new ArrayList<>();
        List<Viewer> viewers = Collections.synchronizedList(new ArrayList<>());
        List<String> viewerRooms = Collections.synchronizedList(new ArrayList<>());
        Signaling signaling = Signalings.create(options.server(), options.baseUrl(), options.janusUrl(),
                options.connectTimeout());
        try {
            long t0 = System.nanoTime();
            List<List<Presenter>> byRoom = new ArrayList<>();
            for (int r = 0; r < options.rooms(); r++) {
                String room = options.roomPrefix() + r;
                signaling.openRoom(room);
                List<Presenter> inRoom = new ArrayList<>();
                for (int k = 0; k < options.presenters(); k++) {
                    Presenter p = new Presenter("presenter-" + r + "-" + k, context, reactors.get(presenters.size() % threads),
                            fixture);
                    presenters.add(p);
                    inRoom.add(p);
                    try {
                        p.setAnswer(signaling.publish(room, p.id(), p.createOffer()));
                    } catch (Exception e) {
                        p.fail("publish failed: " + e.getMessage());
                    }
                }
                byRoom.add(inRoom);
            }
            awaitConnected(presenters);

            ExecutorService joins = Executors.newFixedThreadPool(options.joinConcurrency());
            int n = 0;
            long joinStart = System.nanoTime();
            for (int r = 0; r < options.rooms(); r++) {
                String room = options.roomPrefix() + r;
                List<Presenter> inRoom = byRoom.get(r);
                for (int j = 0; j < options.viewers(); j++) {
                    if (options.joinRate() > 0) {
                        long due = joinStart + n * 1_000_000_000L / options.joinRate();
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    int reactor = (presenters.size() + n++) % threads;
                    Viewer v = new Viewer("viewer-" + r + "-" + j, context, reactors.get(reactor),
                            inRoom.get(j % inRoom.size()), recorders.get(reactor));
                    viewers.add(v);
                    viewerRooms.add(room);
                    joins.execute(() -> {
                        try {
                            signaling.subscribe(room, v.id(), v);
                        } catch (Exception e) {
                            v.fail("subscribe failed: " + e.getMessage());
                        }
                    });
                }
            }
            joins.shutdown();
            joins.awaitTermination(options.connectTimeout().toSeconds() * (1 + viewers.size()), TimeUnit.SECONDS);
            awaitConnected(viewers);
            double joinSeconds = (System.nanoTime() - t0) / 1e9;

            // The window.
            List<ViewerCounts> before = viewers.stream().map(ViewerCounts::of).toList();
            long sent0 = presenters.stream().mapToLong(Presenter::sentPackets).sum();
            ProcSample server0 = options.serverPid() > 0 ? ProcSample.of(options.serverPid()) : null;
            ProcSample self0 = ProcSample.of(ProcessHandle.current().pid());
            Set<Integer> ports = new HashSet<>();
            presenters.forEach(p -> ports.add(p.localPort()));
            viewers.forEach(v -> ports.add(v.localPort()));
            UdpDrops drops0 = UdpDrops.read(ports);
            recorders.forEach(d -> d.open(true));
            Thread.sleep(options.duration().toMillis());
            recorders.forEach(d -> d.open(false));
            ProcSample server1 = options.serverPid() > 0 ? ProcSample.of(options.serverPid()) : null;
            ProcSample self1 = ProcSample.of(ProcessHandle.current().pid());
            UdpDrops drops = UdpDrops.read(ports).minus(drops0);
            long sent1 = presenters.stream().mapToLong(Presenter::sentPackets).sum();
            List<ViewerCounts> after = viewers.stream().map(ViewerCounts::of).toList();
            double windowSeconds = self0 != null && self1 != null ? (self1.nanoTime() - self0.nanoTime()) / 1e9
                    : options.duration().toSeconds();

            leaveAll(signaling, viewers, viewerRooms, presenters);
            for (Reactor r : reactors) {
                r.close();
            }
            for (Reactor r : reactors) {
                if (r.failure() != null) {
                    failures.add("a reactor thread failed: " + r.failure());
                }
            }
            return result(presenters, viewers, before, after, recorders, joinSeconds, windowSeconds, sent1 - sent0,
                    server0, server1, self0, self1, drops);
        } finally {
            for (Reactor r : reactors) {
                r.close();
            }
            presenters.forEach(Peer::close);
            viewers.forEach(Peer::close);
            dtlsPool.shutdownNow();
            signaling.close();
        }
    }

    private void awaitConnected(List<? extends Peer> peers) throws InterruptedException {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (peers) {
                if (peers.stream().allMatch(p -> p.connected() || p.failure() != null)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private void leaveAll(Signaling signaling, List<Viewer> viewers, List<String> viewerRooms, List<Presenter> presenters)
            throws InterruptedException {
        ExecutorService leaves = Executors.newFixedThreadPool(options.joinConcurrency());
        for (int i = 0; i < viewers.size(); i++) {
            String room = viewerRooms.get(i);
            String id = viewers.get(i).id();
            leaves.execute(() -> leave(signaling, room, id));
        }
        for (int i = 0; i < presenters.size(); i++) {
            String room = options.roomPrefix() + (i / options.presenters());
            String id = presenters.get(i).id();
            leaves.execute(() -> leave(signaling, room, id));
        }
        leaves.shutdown();
        leaves.awaitTermination(60, TimeUnit.SECONDS);
    }

    private static void leave(Signaling signaling, String room, String id) {
        try {
            signaling.leave(room, id);
        } catch (Exception e) {
            // best effort: the server's consent timeout ends the transport anyway
        }
    }

    private RunResult result(List<Presenter> presenters, List<Viewer> viewers, List<ViewerCounts> before,
                             List<ViewerCounts> after, List<DelayRecorder> recorders, double joinSeconds,
                             double windowSeconds, long presenterPackets, ProcSample server0, ProcSample server1,
                             ProcSample self0, ProcSample self1, UdpDrops drops) {
        for (Presenter p : presenters) {
            if (p.failure() != null) {
                failures.add(p.failure());
            }
        }
        int connected = 0;
        int both = 0;
        long total = 0;
        long min = viewers.isEmpty() ? 0 : Long.MAX_VALUE;
        long expected = 0;
        long lost = 0;
        long dup = 0;
        long reordered = 0;
        long matched = 0;
        long unmatched = 0;
        long nacks = 0;
        long sendDrops = presenters.stream().mapToLong(Peer::sendDrops).sum();
        for (int i = 0; i < viewers.size(); i++) {
            Viewer v = viewers.get(i);
            if (v.failure() != null) {
                failures.add(v.failure());
            }
            if (v.connected()) {
                connected++;
            }
            ViewerCounts all = after.get(i);
            ViewerCounts w = all.minus(before.get(i));
            if (all.audio() > 0 && all.video() > 0) {
                both++;
            }
            total += w.received();
            min = Math.min(min, w.received());
            expected += w.expected();
            lost += w.lost();
            dup += w.duplicates();
            reordered += w.reordered();
            matched += w.matched();
            unmatched += w.unmatched();
            nacks += v.nacksSent();
            sendDrops += v.sendDrops();
            if (v.connected() && all.received() == 0) {
                failures.add(v.id() + ": connected but received no media");
            }
        }
        Histogram audio = new Histogram(60_000_000L, 3);
        Histogram video = new Histogram(60_000_000L, 3);
        for (DelayRecorder d : recorders) {
            audio.add(d.audio());
            video.add(d.video());
        }
        Histogram all = audio.copy();
        all.add(video);
        return new RunResult(options.server(), options.rooms(), presenters.size(),
                (int) presenters.stream().filter(Peer::connected).count(), viewers.size(), connected, both,
                List.copyOf(failures), joinSeconds, windowSeconds, presenterPackets, total, min,
                viewers.isEmpty() ? 0 : total / (double) viewers.size(), expected, lost, dup, reordered, matched,
                unmatched, audio.getValueAtPercentile(50), audio.getValueAtPercentile(99), audio.getMaxValue(),
                video.getValueAtPercentile(50), video.getValueAtPercentile(99), video.getMaxValue(),
                all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getMaxValue(), nacks,
                presenters.stream().mapToLong(Presenter::nacksReceived).sum(),
                presenters.stream().mapToLong(Presenter::plisReceived).sum(),
                presenters.stream().mapToLong(Presenter::maxLagMillis).max().orElse(0), sendDrops,
                server0 != null && server1 != null ? server1.cpuSeconds() - server0.cpuSeconds() : -1,
                server1 != null ? server1.rssKb() : -1, server1 != null ? server1.threads() : -1,
                self0 != null && self1 != null ? self1.cpuSeconds() - self0.cpuSeconds() : -1,
                self1 != null ? self1.threads() : -1, drops.generator(), drops.others());
    }
}
