package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.Msid;

import java.util.List;

/**
 * What the offerer said about the RTP streams it sends on one media section.
 * With rid-based simulcast (RFC 8853) the SSRCs are usually not signalled and
 * {@link #rids()} names the encodings instead; the engine learns their SSRCs from the
 * rid header extension.
 *
 * @param cname     RTCP CNAME from {@code a=ssrc:... cname:}, or null
 * @param msid      the track's msid (RFC 8830), or null
 * @param ssrcs     media SSRCs, each with its RTX SSRC from {@code a=ssrc-group:FID}
 * @param simulcastGroup SSRCs of {@code a=ssrc-group:SIM} (legacy simulcast), lowest layer first; empty if none
 * @param rids      the offerer's send rids in {@code a=simulcast} order; empty if none
 */
public record RemoteSources(String cname, Msid msid, List<SsrcPair> ssrcs, List<Long> simulcastGroup,
                            List<String> rids) {

    /** A media SSRC and its RTX SSRC (null when there is none). */
    public record SsrcPair(long mediaSsrc, Long rtxSsrc) {
    }

    public RemoteSources {
        ssrcs = List.copyOf(ssrcs);
        simulcastGroup = List.copyOf(simulcastGroup);
        rids = List.copyOf(rids);
    }
}
