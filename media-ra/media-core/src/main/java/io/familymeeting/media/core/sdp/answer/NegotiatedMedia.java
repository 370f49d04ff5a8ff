package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.Direction;
import io.familymeeting.media.core.sdp.MediaKind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted media section, as the engine needs it.
 *
 * @param mid              the section's mid
 * @param kind             audio or video
 * @param direction        the answer's direction, i.e. the SFU's point of view
 * @param codecs           negotiated codecs, preferred first
 * @param headerExtensions extension id by URI (ids are the offerer's, RFC 8285 §6)
 * @param rtcpReducedSize  both sides use reduced-size RTCP (RFC 5506)
 * @param remote           what the offerer sends, or null when the SFU receives nothing here
 * @param localSend        what the SFU sends, or null when it sends nothing here
 */
public record NegotiatedMedia(String mid, MediaKind kind, Direction direction, List<NegotiatedCodec> codecs,
                              Map<String, Integer> headerExtensions, boolean rtcpReducedSize,
                              RemoteSources remote, SendStream localSend) {
    public NegotiatedMedia {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        codecs = List.copyOf(codecs);
        headerExtensions = Collections.unmodifiableMap(new LinkedHashMap<>(headerExtensions));
    }

    /** The id of a header extension, or null when it was not negotiated. */
    public Integer extensionId(String uri) {
        return headerExtensions.get(uri);
    }

    /** The codec with this payload type, or null. */
    public NegotiatedCodec codec(int payloadType) {
        for (NegotiatedCodec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }
}
