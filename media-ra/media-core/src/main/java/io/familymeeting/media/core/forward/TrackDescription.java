package io.familymeeting.media.core.forward;

import java.util.List;
import java.util.Map;

/**
 * What was negotiated for one m-line of a participant: what a publisher sends us, or what a
 * viewer agreed to receive from us.
 *
 * @param kind         audio or video
 * @param mid          the m-line's mid
 * @param codecs       negotiated codecs (the first one is the preferred one)
 * @param extensionIds RTP header extension ids by URI (RFC 8285)
 * @param ssrc         the media SSRC (the publisher's for an incoming track, ours for an outgoing one)
 * @param rtxSsrc      the RTX SSRC (RFC 4588), or -1 when none
 * @param encodings    what a publisher sends on the m-line: one stream, or its simulcast
 *                     encodings lowest first (rids, or the SSRCs of {@code a=ssrc-group:SIM});
 *                     for an outgoing track the one stream ({@code ssrc}, {@code rtxSsrc})
 */
public record TrackDescription(TrackKind kind, String mid, List<CodecInfo> codecs,
                               Map<String, Integer> extensionIds, long ssrc, long rtxSsrc,
                               List<Encoding> encodings) {
    /**
     * One RTP stream: a rid (RFC 8851) whose SSRCs the packets tell, or signaled SSRCs
     * ({@code -1}: not signaled, learned from the first packet; rid null: not named).
     */
    public record Encoding(String rid, long ssrc, long rtxSsrc) {
    }

    public TrackDescription {
        codecs = List.copyOf(codecs);
        extensionIds = Map.copyOf(extensionIds);
        encodings = encodings == null || encodings.isEmpty()
                ? List.of(new Encoding(null, ssrc, rtxSsrc)) : List.copyOf(encodings);
    }

    /** A track of one stream. */
    public TrackDescription(TrackKind kind, String mid, List<CodecInfo> codecs,
                            Map<String, Integer> extensionIds, long ssrc, long rtxSsrc) {
        this(kind, mid, codecs, extensionIds, ssrc, rtxSsrc, List.of());
    }

    public CodecInfo codecByPayloadType(int pt) {
        // Indexed loops: no Iterator on the per-packet path (escape analysis does not always remove it).
        for (int i = 0; i < codecs.size(); i++) {
            CodecInfo c = codecs.get(i);
            if (c.payloadType() == pt) {
                return c;
            }
        }
        return null;
    }

    /** The codec whose RTX payload type this is, or null. */
    public CodecInfo codecByRtxPayloadType(int pt) {
        for (int i = 0; i < codecs.size(); i++) {
            CodecInfo c = codecs.get(i);
            if (c.rtxPayloadType() == pt) {
                return c;
            }
        }
        return null;
    }

    public int clockRate() {
        return codecs.isEmpty() ? 90000 : codecs.get(0).clockRate();
    }
}
