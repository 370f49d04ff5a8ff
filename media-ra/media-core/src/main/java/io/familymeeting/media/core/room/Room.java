package io.familymeeting.media.core.room;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A meeting room: its participants, which presenter is on stage, and which producer feeds
 * each viewer's slots. One presenter is forwarded at a time: the one who started sending
 * most recently; when it leaves, the previous one still present takes over. Viewers keep
 * their slots across presenter switches (their consumers rewrite the stream), so a switch
 * needs no new offer from anyone.
 *
 * <p>Slots are matched by kind and order: the presenter's first audio track feeds every
 * viewer's first audio slot, its first video track (camera) the first video slot, its second
 * video track (screen) the second video slot. Does not touch sockets or signaling.
 */
public final class Room {
    private final String id;
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    /** Presenters in the order they went live; the last one is on stage. */
    private final List<Participant> stage = new ArrayList<>();

    Room(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public Collection<Participant> participants() {
        return participants.values();
    }

    Participant participant(String participantId) {
        return participants.get(participantId);
    }

    void add(Participant p) {
        Participant previous = participants.put(p.id(), p);
        if (previous != null && previous != p) {
            previous.close("replaced by a new offer");
        }
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    /** The presenter whose tracks viewers receive now, or null. */
    public synchronized Participant onStage() {
        return stage.isEmpty() ? null : stage.get(stage.size() - 1);
    }

    /** A presenter's first media arrived: it goes on stage and every viewer is switched to it. */
    void presenterLive(Participant presenter, long nowMillis) {
        synchronized (this) {
            stage.remove(presenter);
            stage.add(presenter);
        }
        rebindAll(nowMillis);
    }

    /** A viewer's transport is up: bind its slots to the presenter on stage. */
    void viewerReady(Participant viewer, long nowMillis) {
        bind(viewer, onStage(), nowMillis);
    }

    /** A participant left or failed: remove it; if it was on stage the next presenter takes over. */
    void remove(Participant p, long nowMillis) {
        participants.remove(p.id(), p);
        boolean wasOnStage;
        synchronized (this) {
            wasOnStage = onStage() == p;
            stage.remove(p);
        }
        if (p.role() == ParticipantRole.VIEWER) {
            for (Consumer c : p.consumers()) {
                c.bind(null, nowMillis);
            }
        } else if (wasOnStage) {
            rebindAll(nowMillis);
        }
    }

    private void rebindAll(long nowMillis) {
        Participant presenter = onStage();
        for (Participant p : participants.values()) {
            if (p.role() == ParticipantRole.VIEWER && p.isConnected()) {
                bind(p, presenter, nowMillis);
            }
        }
    }

    private static void bind(Participant viewer, Participant presenter, long nowMillis) {
        List<Producer> audio = presenter == null ? List.of() : presenter.producers(TrackKind.AUDIO);
        List<Producer> video = presenter == null ? List.of() : presenter.producers(TrackKind.VIDEO);
        int a = 0;
        int v = 0;
        for (Consumer c : viewer.consumers()) {
            if (c.slot().kind() == TrackKind.AUDIO) {
                c.bind(a < audio.size() ? audio.get(a) : null, nowMillis);
                a++;
            } else {
                c.bind(v < video.size() ? video.get(v) : null, nowMillis);
                v++;
            }
        }
    }
}
