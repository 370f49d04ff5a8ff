package io.familymeeting.loadtest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Locale;

/**
 * What one run measured, over its window (from the moment every client had joined or failed, for
 * the run's duration): clients asked and connected, packets the presenters sent, packets per
 * viewer, loss, added delay percentiles, and, when a server process was named, its CPU, RSS and
 * threads, and the datagrams the kernel dropped at full receive buffers (generator's sockets and
 * the others, i.e. the server's, in the namespace). Written as JSON ({@link #toJson()}) and as one line ({@link #summary()}).
 */
public record RunResult(String server, int rooms, int presentersAsked, int presentersConnected, int viewersAsked,
                        int viewersConnected, int viewersWithAudioAndVideo, List<String> failures, double joinSeconds,
                        double windowSeconds, long presenterPackets, long viewerPackets, long viewerPacketsMin,
                        double viewerPacketsAvg, long expected, long lost, long duplicates, long reordered,
                        long delayMatched, long delayUnmatched, long audioP50Us, long audioP99Us, long audioMaxUs,
                        long videoP50Us, long videoP99Us, long videoMaxUs, long p50Us, long p99Us, long maxUs,
                        long nacksSent, long presenterNacks, long presenterPlis, long maxPresenterLagMs,
                        long sendDrops, double serverCpuSeconds, long serverRssKb, int serverThreads,
                        double generatorCpuSeconds, int generatorThreads, long generatorSocketDrops,
                        long otherSocketDrops) {

    public double lossPercent() {
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }

    /** Viewer packets received per second in the window: what the server forwarded and delivered. */
    public double forwardedPerSecond() {
        return windowSeconds == 0 ? 0 : viewerPackets / windowSeconds;
    }

    /** Server CPU per forwarded packet, microseconds (CPU-seconds per million packets); -1 unknown. */
    public double serverCpuMicrosPerPacket() {
        return serverCpuSeconds < 0 || viewerPackets == 0 ? -1 : serverCpuSeconds * 1e6 / viewerPackets;
    }

    /** True when every client connected and every viewer got packets. */
    public boolean ok() {
        return presentersConnected == presentersAsked && viewersConnected == viewersAsked
                && (viewersAsked == 0 || viewerPacketsMin > 0);
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "%s: viewers %d/%d connected (%d with audio+video), presenters %d/%d, %.1f s joining; window %.1f s:"
                        + " presenters sent %d pkts, viewers got %d pkts (%.0f pkt/s; per viewer min %d avg %.0f),"
                        + " loss %.3f %% (%d of %d), dup %d, reordered %d; added delay p50 %.2f ms p99 %.2f ms max %.2f ms"
                        + "; receive-buffer drops: generator %d, server %d%s%s",
                server, viewersConnected, viewersAsked, viewersWithAudioAndVideo, presentersConnected, presentersAsked,
                joinSeconds, windowSeconds, presenterPackets, viewerPackets, forwardedPerSecond(), viewerPacketsMin,
                viewerPacketsAvg, lossPercent(), lost, expected, duplicates, reordered, p50Us / 1000.0, p99Us / 1000.0,
                maxUs / 1000.0, generatorSocketDrops, otherSocketDrops,
                serverCpuSeconds < 0 ? "" : String.format(Locale.ROOT, "; server %.2f CPU-s (%.2f us/pkt), RSS %d MB, %d threads",
                        serverCpuSeconds, serverCpuMicrosPerPacket(), serverRssKb / 1024, serverThreads),
                failures.isEmpty() ? "" : "; " + failures.size() + " failures, first: " + failures.get(0));
    }

    public String toJson() {
        JsonArrayBuilder f = Json.createArrayBuilder();
        failures.stream().limit(50).forEach(f::add);
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("server", server).add("rooms", rooms)
                .add("presentersAsked", presentersAsked).add("presentersConnected", presentersConnected)
                .add("viewersAsked", viewersAsked).add("viewersConnected", viewersConnected)
                .add("viewersWithAudioAndVideo", viewersWithAudioAndVideo)
                .add("joinSeconds", joinSeconds).add("windowSeconds", windowSeconds)
                .add("presenterPackets", presenterPackets).add("viewerPackets", viewerPackets)
                .add("viewerPacketsPerSecond", forwardedPerSecond())
                .add("viewerPacketsMin", viewerPacketsMin).add("viewerPacketsAvg", viewerPacketsAvg)
                .add("expected", expected).add("lost", lost).add("lossPercent", lossPercent())
                .add("duplicates", duplicates).add("reordered", reordered)
                .add("delayMatched", delayMatched).add("delayUnmatched", delayUnmatched)
                .add("delayUs", Json.createObjectBuilder()
                        .add("p50", p50Us).add("p99", p99Us).add("max", maxUs)
                        .add("audio", Json.createObjectBuilder().add("p50", audioP50Us).add("p99", audioP99Us).add("max", audioMaxUs))
                        .add("video", Json.createObjectBuilder().add("p50", videoP50Us).add("p99", videoP99Us).add("max", videoMaxUs)))
                .add("nacksSent", nacksSent).add("presenterNacksReceived", presenterNacks)
                .add("presenterPlisReceived", presenterPlis).add("maxPresenterLagMs", maxPresenterLagMs)
                .add("sendDrops", sendDrops)
                .add("serverCpuSeconds", serverCpuSeconds).add("serverCpuUsPerPacket", serverCpuMicrosPerPacket())
                .add("serverRssKb", serverRssKb).add("serverThreads", serverThreads)
                .add("generatorCpuSeconds", generatorCpuSeconds).add("generatorThreads", generatorThreads)
                .add("generatorSocketDrops", generatorSocketDrops).add("otherSocketDrops", otherSocketDrops)
                .add("ok", ok())
                .add("failures", f);
        return o.build().toString();
    }
}
