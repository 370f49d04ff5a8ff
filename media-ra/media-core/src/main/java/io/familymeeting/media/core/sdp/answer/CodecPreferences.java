package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.MediaKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The codecs the SFU accepts, in the order it prefers them. The answer lists the matched
 * codecs in this order, so a publishing browser sends the first one (RFC 8829 §5.3.1:
 * the answerer's order expresses its preference). A room may narrow this list, e.g. to the
 * codec its presenter sends, when answering a viewer.
 */
public record CodecPreferences(List<SupportedCodec> codecs) {
    /** Opus; VP8, VP9 profile 0, H.264 constrained baseline, AV1 main. */
    public static final CodecPreferences DEFAULT = new CodecPreferences(List.of(
            SupportedCodec.opus(),
            SupportedCodec.vp8(),
            SupportedCodec.vp9(0),
            SupportedCodec.h264("42e01f"),
            SupportedCodec.av1(0)));

    public CodecPreferences {
        codecs = List.copyOf(codecs);
    }

    public static CodecPreferences of(SupportedCodec... codecs) {
        return new CodecPreferences(List.of(codecs));
    }

    public List<SupportedCodec> forKind(MediaKind kind) {
        List<SupportedCodec> out = new ArrayList<>();
        for (SupportedCodec c : codecs) {
            if (c.kind() == kind) {
                out.add(c);
            }
        }
        return out;
    }
}
