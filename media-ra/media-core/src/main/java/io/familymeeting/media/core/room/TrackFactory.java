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
     * What a presenter sends on this m-line, or null when it sends nothing here. Simulcast
     * becomes one encoding per layer, lowest first: the SSRCs of {@code a=ssrc-group:SIM}
     * (legacy), or the rids of {@code a=simulcast} in the offer's order, whose SSRCs the
     * packets' rid header extension tells.
     */
    static TrackDescription incoming(NegotiatedMedia m) {
        if (!m.direction().receives()) {
            return null;
        }
        long ssrc = -1;
        long rtx = -1;
        List<TrackDescription.Encoding> encodings = new ArrayList<>();
        RemoteSources remote = m.remote();
        if (remote != null && !remote.simulcastGroup().isEmpty() && !remote.ssrcs().isEmpty()) {
            for (long media : remote.simulcastGroup()) {
                RemoteSources.SsrcPair pair = pairOf(remote, media);
                encodings.add(new TrackDescription.Encoding(null, pair.mediaSsrc(),
                        pair.rtxSsrc() == null ? -1 : pair.rtxSsrc()));
            }
        } else if (remote != null && remote.rids().size() > 1) {
            for (String rid : remote.rids()) {
                encodings.add(new TrackDescription.Encoding(rid, -1, -1));
            }
        } else if (remote != null && !remote.ssrcs().isEmpty()) {
            RemoteSources.SsrcPair pair = remote.ssrcs().get(0);
            ssrc = pair.mediaSsrc();
            rtx = pair.rtxSsrc() == null ? -1 : pair.rtxSsrc();
        }
        if (!encodings.isEmpty()) {
            ssrc = encodings.get(0).ssrc();
            rtx = encodings.get(0).rtxSsrc();
        }
        return new TrackDescription(kind(m), m.mid(), codecs(m), m.headerExtensions(), ssrc, rtx, encodings);
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
