package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.Msid;
import io.familymeeting.media.core.sdp.Rid;
import io.familymeeting.media.core.sdp.Simulcast;
import io.familymeeting.media.core.sdp.SsrcAttribute;
import io.familymeeting.media.core.sdp.SsrcGroup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what an offered media section says about the streams its offerer sends:
 * {@code a=ssrc}, {@code a=ssrc-group:FID/SIM} (RFC 5576, RFC 4588 §8), {@code a=msid}
 * (RFC 8830) and the send rids of {@code a=simulcast} (RFC 8853 §5.1).
 */
final class RemoteSourcesReader {
    private RemoteSourcesReader() {
    }

    static RemoteSources read(MediaDescription m) {
        return new RemoteSources(cname(m), msid(m), ssrcPairs(m), simulcastGroup(m), sendRids(m));
    }

    /** The first {@code a=ssrc:<ssrc> cname:} value (RFC 5576 §6.1), or null. */
    private static String cname(MediaDescription m) {
        for (SsrcAttribute a : m.ssrcs()) {
            if (SsrcAttribute.CNAME.equals(a.attribute()) && a.value() != null) {
                return a.value();
            }
        }
        return null;
    }

    /** {@code a=msid}, else the first well-formed legacy {@code a=ssrc:<ssrc> msid:}, else null. */
    private static Msid msid(MediaDescription m) {
        if (!m.msids().isEmpty()) {
            return m.msids().get(0);
        }
        for (SsrcAttribute a : m.ssrcs()) {
            if (SsrcAttribute.MSID.equals(a.attribute()) && a.value() != null) {
                Msid msid = Msid.parse(a.value()).orElse(null);
                if (msid != null) {
                    return msid;
                }
            }
        }
        return null;
    }

    /**
     * Each media SSRC with its RTX SSRC: the FID groups first (RFC 5576 §7, RFC 4588 §8.2),
     * then the other SSRCs of {@code a=ssrc} lines without one.
     */
    private static List<RemoteSources.SsrcPair> ssrcPairs(MediaDescription m) {
        List<RemoteSources.SsrcPair> pairs = new ArrayList<>();
        Set<Long> paired = new HashSet<>();
        Set<Long> rtx = new HashSet<>();
        for (SsrcGroup g : m.ssrcGroups()) {
            if (SsrcGroup.FID.equals(g.semantics()) && g.ssrcs().size() == 2 && !paired.contains(g.ssrcs().get(0))) {
                pairs.add(new RemoteSources.SsrcPair(g.ssrcs().get(0), g.ssrcs().get(1)));
                paired.add(g.ssrcs().get(0));
                rtx.add(g.ssrcs().get(1));
            }
        }
        Set<Long> all = new LinkedHashSet<>();
        for (SsrcAttribute a : m.ssrcs()) {
            all.add(a.ssrc());
        }
        for (Long s : all) {
            if (!paired.contains(s) && !rtx.contains(s)) {
                pairs.add(new RemoteSources.SsrcPair(s, null));
            }
        }
        return pairs;
    }

    /** The SSRCs of the first {@code a=ssrc-group:SIM} (legacy simulcast), or empty. */
    private static List<Long> simulcastGroup(MediaDescription m) {
        for (SsrcGroup g : m.ssrcGroups()) {
            if (SsrcGroup.SIM.equals(g.semantics()) && !g.ssrcs().isEmpty()) {
                return g.ssrcs();
            }
        }
        return List.of();
    }

    /** The declared send rids in {@code a=simulcast} send order (RFC 8853 §5.1), each once. */
    private static List<String> sendRids(MediaDescription m) {
        List<String> rids = new ArrayList<>();
        if (m.simulcast() == null) {
            return rids;
        }
        Set<String> declared = new HashSet<>();
        for (Rid r : m.rids()) {
            if (r.direction() == Rid.Stream.SEND) {
                declared.add(r.id());
            }
        }
        for (Simulcast.SimulcastStream s : m.simulcast().send()) {
            for (Simulcast.RidRef ref : s.alternatives()) {
                if (declared.contains(ref.rid()) && !rids.contains(ref.rid())) {
                    rids.add(ref.rid());
                }
            }
        }
        return rids;
    }
}
