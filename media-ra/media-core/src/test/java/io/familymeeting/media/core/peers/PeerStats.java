package io.familymeeting.media.core.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A snapshot of one RTCPeerConnection's getStats(), reduced to what peer tests assert on.
 * The same shape as the web client's {@code window.fm.stats()}; built from the value the
 * harness page returns through Selenium (maps, lists, Long / Double numbers).
 *
 * @param connectionState RTCPeerConnection.connectionState ("new", "connecting",
 *                        "connected", "disconnected", "failed", "closed")
 * @param video           one entry per inbound video RTP stream
 * @param audio           inbound audio, summed over streams
 * @param outbound        outbound RTP, summed over streams, and the selected candidate
 *                        pair's bandwidth estimate
 */
public record PeerStats(String connectionState, List<Video> video, Audio audio, Outbound outbound) {

    public PeerStats {
        video = List.copyOf(video);
    }

    /**
     * An inbound-rtp entry of kind video. {@code nackCount} counts the NACKs the browser sent,
     * {@code retransmittedPacketsReceived} the retransmissions (RTX) it got back.
     */
    public record Video(String mid, long framesDecoded, long frameWidth, long frameHeight,
                        long packetsReceived, long packetsLost, long nackCount,
                        long retransmittedPacketsReceived) {
    }

    /** NACKs sent over every inbound video stream. */
    public long totalNackCount() {
        return video.stream().mapToLong(Video::nackCount).sum();
    }

    /** Retransmitted packets received over every inbound video stream. */
    public long totalRetransmittedPacketsReceived() {
        return video.stream().mapToLong(Video::retransmittedPacketsReceived).sum();
    }

    /** Inbound audio RTP, summed. */
    public record Audio(long packetsReceived, long bytesReceived) {
    }

    /** Outbound RTP summed; availableOutgoingBitrate in bits/s, empty before a pair is selected. */
    public record Outbound(long packetsSent, long bytesSent, long framesEncoded,
                           OptionalDouble availableOutgoingBitrate) {
    }

    public boolean connected() {
        return "connected".equals(connectionState);
    }

    /** Frames decoded over every inbound video stream. */
    public long totalFramesDecoded() {
        return video.stream().mapToLong(Video::framesDecoded).sum();
    }

    /** Parses the value of the harness page's {@code stats()}. */
    public static PeerStats fromScript(Object value) {
        Map<?, ?> root = map(value, "stats");
        List<Video> video = new ArrayList<>();
        Object videos = root.get("video");
        if (!(videos instanceof List<?> list)) {
            throw new HarnessException("stats.video is not a list: " + videos);
        }
        for (Object entry : list) {
            Map<?, ?> v = map(entry, "stats.video[]");
            Object mid = v.get("mid");
            video.add(new Video(mid == null ? null : mid.toString(), number(v, "framesDecoded"),
                    number(v, "frameWidth"), number(v, "frameHeight"), number(v, "packetsReceived"),
                    number(v, "packetsLost"), number(v, "nackCount"), number(v, "retransmittedPacketsReceived")));
        }
        Map<?, ?> a = map(root.get("audio"), "stats.audio");
        Map<?, ?> o = map(root.get("outbound"), "stats.outbound");
        Object bitrate = o.get("availableOutgoingBitrate");
        return new PeerStats(
                String.valueOf(root.get("connectionState")),
                video,
                new Audio(number(a, "packetsReceived"), number(a, "bytesReceived")),
                new Outbound(number(o, "packetsSent"), number(o, "bytesSent"), number(o, "framesEncoded"),
                        bitrate instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty()));
    }

    private static Map<?, ?> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new HarnessException(what + " is not an object: " + value);
    }

    private static long number(Map<?, ?> m, String key) {
        Object value = m.get(key);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new HarnessException(key + " is not a number: " + value);
    }
}
