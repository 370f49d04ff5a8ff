package io.familymeeting.media.core.room;

import io.familymeeting.media.core.forward.CodecInfo;
import io.familymeeting.media.core.forward.TrackDescription;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.answer.NegotiatedCodec;
import io.familymeeting.media.core.sdp.answer.NegotiatedMedia;
import io.familymeeting.media.core.sdp.answer.RemoteSources;
import io.familymeeting.media.core.sdp.answer.SendStream;

import java.util.ArrayList;
import java.util.List;

/** Turns what SDP negotiated for an m-line into the forwarding layer's {@link TrackDescription}. */
final class TrackFactory {
    private TrackFactory() {
    }

    /**
     * What a presenter sends on this m-line, or null when it sends nothing here. With several
     * SSRCs (legacy simulcast) the last listed one (the highest layer) is forwarded; with rid
     * simulcast none is signaled and the first stream seen is adopted.
     */
    static TrackDescription incoming(NegotiatedMedia m) {
        if (!m.direction().receives()) {
            return null;
        }
        long ssrc = -1;
        long rtx = -1;
        RemoteSources remote = m.remote();
        if (remote != null && !remote.ssrcs().isEmpty()) {
            RemoteSources.SsrcPair pair = remote.simulcastGroup().isEmpty()
                    ? remote.ssrcs().get(0) : pairOf(remote, remote.simulcastGroup().get(remote.simulcastGroup().size() - 1));
            ssrc = pair.mediaSsrc();
            rtx = pair.rtxSsrc() == null ? -1 : pair.rtxSsrc();
        }
        return new TrackDescription(kind(m), m.mid(), codecs(m), m.headerExtensions(), ssrc, rtx);
    }

    private static RemoteSources.SsrcPair pairOf(RemoteSources remote, long media) {
        for (RemoteSources.SsrcPair p : remote.ssrcs()) {
            if (p.mediaSsrc() == media) {
                return p;
            }
        }
        return new RemoteSources.SsrcPair(media, null);
    }

    /** What the SFU sends a viewer on this m-line, or null when it sends nothing here. */
    static TrackDescription outgoing(NegotiatedMedia m) {
        SendStream send = m.localSend();
        if (send == null || !m.direction().sends()) {
            return null;
        }
        return new TrackDescription(kind(m), m.mid(), codecs(m), m.headerExtensions(), send.ssrc(),
                send.rtxSsrc() == null ? -1 : send.rtxSsrc());
    }

    private static TrackKind kind(NegotiatedMedia m) {
        return m.kind() == MediaKind.AUDIO ? TrackKind.AUDIO : TrackKind.VIDEO;
    }

    private static List<CodecInfo> codecs(NegotiatedMedia m) {
        List<CodecInfo> out = new ArrayList<>();
        for (NegotiatedCodec c : m.codecs()) {
            out.add(new CodecInfo(c.payloadType(), c.name(), c.clockRate(), c.channels(), c.fmtp(),
                    c.rtxPayloadType() == null ? -1 : c.rtxPayloadType()));
        }
        return out;
    }
}
