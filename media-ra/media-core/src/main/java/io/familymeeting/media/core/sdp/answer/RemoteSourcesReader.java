package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.Msid;
import io.familymeeting.media.core.sdp.Rid;
import io.familymeeting.media.core.sdp.Simulcast;
import io.familymeeting.media.core.sdp.SsrcAttribute;
import io.familymeeting.media.core.sdp.SsrcGroup;
import io.familymeeting.media.core.sdp.Tokens;

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
        String cname = null;
        Msid msid = m.msids().isEmpty() ? null : m.msids().get(0);
        Set<Long> all = new LinkedHashSet<>();
        for (SsrcAttribute a : m.ssrcs()) {
            all.add(a.ssrc());
            if (cname == null && SsrcAttribute.CNAME.equals(a.attribute()) && a.value() != null) {
                cname = a.value();
            }
            if (msid == null && SsrcAttribute.MSID.equals(a.attribute()) && a.value() != null) {
                List<String> t = Tokens.split(a.value());
                if (!t.isEmpty() && t.size() <= 2) {
                    msid = new Msid(t.get(0), t.size() > 1 ? t.get(1) : null);
                }
            }
        }
        List<RemoteSources.SsrcPair> pairs = new ArrayList<>();
        Set<Long> rtx = new HashSet<>();
        Set<Long> paired = new HashSet<>();
        List<Long> sim = List.of();
        for (SsrcGroup g : m.ssrcGroups()) {
            if (SsrcGroup.FID.equals(g.semantics()) && g.ssrcs().size() == 2 && !paired.contains(g.ssrcs().get(0))) {
                pairs.add(new RemoteSources.SsrcPair(g.ssrcs().get(0), g.ssrcs().get(1)));
                paired.add(g.ssrcs().get(0));
                rtx.add(g.ssrcs().get(1));
            } else if (SsrcGroup.SIM.equals(g.semantics()) && sim.isEmpty()) {
                sim = g.ssrcs();
            }
        }
        for (Long s : all) {
            if (!paired.contains(s) && !rtx.contains(s)) {
                pairs.add(new RemoteSources.SsrcPair(s, null));
            }
        }
        List<String> rids = new ArrayList<>();
        if (m.simulcast() != null) {
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
        }
        return new RemoteSources(cname, msid, pairs, sim, rids);
    }
}
