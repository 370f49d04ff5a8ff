package io.familymeeting.media.api;

import java.time.Instant;
import java.util.List;

/**
 * A participant's transport and tracks at one moment.
 *
 * @param participantId the id in its room
 * @param displayName   the name it gave
 * @param role          presenter or viewer
 * @param iceState      ice4j's state name (e.g. "Running", "Completed", "Failed")
 * @param dtlsState     "new", "connecting", "connected", "failed" or "closed"
 * @param selectedPair  "local -> remote" of the selected ICE candidate pair, or empty
 * @param joinedAt      when the offer was answered
 * @param tracks        per-track counters
 * @param drops         what its transport refused, by cause (datagrams from its address, and its
 *                      remote candidates)
 * @param estimatedSendBps the bandwidth towards it the SFU estimates from its transport-cc
 *                      feedback (bits per second), -1 while unknown (no feedback yet, none
 *                      negotiated, or a presenter the SFU sends no media)
 */
public record ParticipantSnapshot(String participantId, String displayName, ParticipantRole role,
                                  String iceState, String dtlsState, String selectedPair,
                                  Instant joinedAt, List<TrackStats> tracks, DropCounts drops,
                                  long estimatedSendBps)
        implements java.io.Serializable {
    public ParticipantSnapshot {
        tracks = List.copyOf(tracks);
        drops = drops == null ? DropCounts.NONE : drops;
    }

    /** Without drop counts and estimate. */
    public ParticipantSnapshot(String participantId, String displayName, ParticipantRole role, String iceState,
                               String dtlsState, String selectedPair, Instant joinedAt, List<TrackStats> tracks) {
        this(participantId, displayName, role, iceState, dtlsState, selectedPair, joinedAt, tracks, DropCounts.NONE, -1);
    }
}
