package io.familymeeting.web.console;

import io.familymeeting.media.api.ParticipantSnapshot;
import io.familymeeting.media.api.TrackStats;

import java.time.Duration;
import java.time.Instant;

/**
 * One participant as the console shows it: its transport and the sums of its tracks'
 * counters (bitrate in = what the SFU receives from it, out = what it sends to it).
 * Jitter and RTT are the worst over its tracks; RTT is -1 when no track knows it.
 * {@code dropped} counts the datagrams its transport refused (forged, replayed, malformed...),
 * {@code dropSummary} says which causes ({@link io.familymeeting.media.api.DropCounts#summary()}).
 * {@code estimateBps} is the bandwidth towards it the SFU estimates (-1: not known).
 * {@code layers}: simulcast, the layers a presenter sends or the layer a viewer gets ("" without).
 */
public record ParticipantView(String id, String name, String role, String iceState, String dtlsState,
                              String selectedPair, long uptimeSeconds, long bitrateInBps, long bitrateOutBps,
                              long packetsIn, long packetsOut, long packetsLost, double jitterMs, double rttMs,
                              long nacks, long plis, int tracks, long dropped, String dropSummary,
                              long estimateBps, String layers) {

    static ParticipantView of(ParticipantSnapshot p, Instant now) {
        long in = 0, out = 0, pin = 0, pout = 0, lost = 0, nacks = 0, plis = 0;
        StringBuilder layers = new StringBuilder();
        double jitter = 0, rtt = -1;
        for (TrackStats t : p.tracks()) {
            if ("in".equals(t.direction())) {
                in += t.bitrateBps();
                pin += t.packets();
            } else {
                out += t.bitrateBps();
                pout += t.packets();
            }
            lost += Math.max(0, t.packetsLost());
            nacks += t.nacks();
            plis += t.plis();
            jitter = Math.max(jitter, t.jitterMs());
            rtt = Math.max(rtt, t.rttMs());
            if (!t.layers().isEmpty()) {
                layers.append(layers.length() == 0 ? "" : "; ").append(t.layers());
            }
        }
        long uptime = p.joinedAt() == null ? 0 : Math.max(0, Duration.between(p.joinedAt(), now).getSeconds());
        return new ParticipantView(p.participantId(), p.displayName(),
                p.role() == null ? "" : p.role().name().toLowerCase(java.util.Locale.ROOT),
                p.iceState(), p.dtlsState(), p.selectedPair(), uptime, in, out, pin, pout, lost,
                jitter, rtt, nacks, plis, p.tracks().size(), p.drops().total(), p.drops().summary(),
                p.estimatedSendBps(), layers.toString());
    }
}
