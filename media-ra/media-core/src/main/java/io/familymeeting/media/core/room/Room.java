package io.familymeeting.media.core.room;

import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.media.core.forward.Consumer;
import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackKind;

import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.answer.CodecPreferences;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A viewer with fewer slots of a kind than the source on stage has tracks misses the rest
 * until it renegotiates: binding reports that to the viewer ({@link Participant#slotsBound}),
 * which tells the owner once ({@code RENEGOTIATION_NEEDED}).
 *
 * <p>Sources that are not participants (RTSP cameras, {@link StageSource}) are attached to
 * the room: they keep it alive while empty, go on stage like a presenter when their media
 * starts, and hear how many viewers are connected.
 */
public final class Room {
    private final String id;
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    /** Presenters in the order they went live; the last one is on stage. */
    private final List<StageSource> stage = new ArrayList<>();
    /** Sources attached without being participants (cameras). */
    private final List<StageSource> attached = new CopyOnWriteArrayList<>();
    /** Participants admitted (or being admitted) to this room, against its limit. */
    private final Seats seats = new Seats();
    /** Offers being admitted now: the room is not forgotten under them. */
    private final AtomicInteger admissions = new AtomicInteger();

    Room(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public Collection<Participant> participants() {
        return participants.values();
    }

    Seats seats() {
        return seats;
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

    /** No participant, no attached source, and no offer being admitted: the room may be forgotten. */
    boolean isEmpty() {
        return participants.isEmpty() && attached.isEmpty() && admissions.get() == 0;
    }

    /** An offer for this room is being admitted (counted while the room is looked up, {@code Rooms}). */
    void admissionStarted() {
        admissions.incrementAndGet();
    }

    void admissionEnded() {
        admissions.decrementAndGet();
    }

    /** The presenter whose tracks viewers receive now, or null (also when a camera is on stage). */
    public synchronized Participant onStage() {
        StageSource s = stageSource();
        return s instanceof Participant p ? p : null;
    }

    /** The source (presenter or camera) whose tracks viewers receive now, or null. */
    public synchronized StageSource stageSource() {
        return stage.isEmpty() ? null : stage.get(stage.size() - 1);
    }

    /** Attaches a source that is not a participant; it goes on stage with {@link #sourceLive}. */
    public void attach(StageSource source) {
        if (!attached.contains(source)) {
            attached.add(source);
        }
        source.onViewerCount(connectedViewers());
    }

    /** Detaches a source; viewers move to the previous presenter, if any. */
    public void detach(StageSource source, long nowMillis) {
        attached.remove(source);
        boolean wasOnStage;
        synchronized (this) {
            wasOnStage = stageSource() == source;
            stage.remove(source);
        }
        if (wasOnStage) {
            rebindAll(nowMillis);
        }
    }

    /** An attached source's media started (or its tracks changed): it goes on stage. */
    public void sourceLive(StageSource source, long nowMillis) {
        presenterLive(source, nowMillis);
    }

    /** Viewers whose transport is up. */
    public int connectedViewers() {
        int n = 0;
        for (Participant p : participants.values()) {
            if (p.role() == ParticipantRole.VIEWER && p.isConnected()) {
                n++;
            }
        }
        return n;
    }

    /** The codecs to answer a viewer's offer with: an attached source's wish, or null for the default. */
    CodecPreferences viewerCodecs(SessionDescription offer) {
        for (StageSource s : attached) {
            CodecPreferences prefs = s.viewerCodecs(offer);
            if (prefs != null) {
                return prefs;
            }
        }
        return null;
    }

    private void audienceChanged() {
        if (attached.isEmpty()) {
            return;
        }
        int n = connectedViewers();
        for (StageSource s : attached) {
            s.onViewerCount(n);
        }
    }

    /** A presenter's first media arrived: it goes on stage and every viewer is switched to it. */
    void presenterLive(StageSource presenter, long nowMillis) {
        synchronized (this) {
            stage.remove(presenter);
            stage.add(presenter);
        }
        rebindAll(nowMillis);
    }

    /** A viewer's transport is up: bind its slots to the presenter on stage. */
    void viewerReady(Participant viewer, long nowMillis) {
        bind(viewer, stageSource(), nowMillis);
        audienceChanged();
    }

    /** A participant left or failed: remove it; if it was on stage the next presenter takes over. */
    void remove(Participant p, long nowMillis) {
        participants.remove(p.id(), p);
        boolean wasOnStage;
        synchronized (this) {
            wasOnStage = stageSource() == p;
            stage.remove(p);
        }
        if (p.role() == ParticipantRole.VIEWER) {
            for (Consumer c : p.consumers()) {
                c.bind(null, nowMillis);
            }
            audienceChanged();
        } else if (wasOnStage) {
            rebindAll(nowMillis);
        }
    }

    private void rebindAll(long nowMillis) {
        StageSource presenter = stageSource();
        for (Participant p : participants.values()) {
            if (p.role() == ParticipantRole.VIEWER && p.isConnected()) {
                bind(p, presenter, nowMillis);
            }
        }
    }

    private static void bind(Participant viewer, StageSource presenter, long nowMillis) {
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
        viewer.slotsBound(new SlotCounts(a, v), new SlotCounts(audio.size(), video.size()));
    }
}
