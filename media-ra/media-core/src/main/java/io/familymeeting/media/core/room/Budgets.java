package io.familymeeting.media.core.room;

import io.familymeeting.media.api.SlotCounts;

/**
 * What one offer, one room, one source address and the whole engine may take, so that no
 * offer and no single peer can exhaust the instance. Refusals are
 * {@code MediaException}s with reason {@code LIMIT_REACHED}, written for the participant.
 *
 * @param audioSlots           audio sections of one participant that carry media (a viewer's
 *                             receive slots, a presenter's tracks); further ones are answered
 *                             rejected (port 0)
 * @param videoSlots           the same for video
 * @param mlinesPerOffer       m-lines one offer may have; an offer with more is refused
 * @param participantsPerRoom  participants (presenters and viewers) of one room
 * @param participants         participants of the whole engine
 * @param transportsPerAddress participants whose transport connected from one source address
 *                             (an IPv4 address, or the /64 prefix of an IPv6 one); one more is
 *                             refused when its ICE connects. NAT puts a household, an office or
 *                             a mobile carrier's customers behind one address.
 * @param camerasPerRoom       RTSP cameras of one room
 */
public record Budgets(int audioSlots, int videoSlots, int mlinesPerOffer, int participantsPerRoom,
                      int participants, int transportsPerAddress, int camerasPerRoom) {

    public static final int DEFAULT_AUDIO_SLOTS = 1;
    /** Camera, screen, and two more: what the room page's viewers ask for at most. */
    public static final int DEFAULT_VIDEO_SLOTS = 4;
    public static final int DEFAULT_MLINES_PER_OFFER = 32;
    public static final int DEFAULT_PARTICIPANTS_PER_ROOM = 100;
    public static final int DEFAULT_PARTICIPANTS = 300;
    public static final int DEFAULT_TRANSPORTS_PER_ADDRESS = 20;
    public static final int DEFAULT_CAMERAS_PER_ROOM = 4;

    public Budgets {
        if (audioSlots < 0 || videoSlots < 0 || audioSlots + videoSlots < 1) {
            throw new IllegalArgumentException("audio and video slots must not be negative and not both 0: audio "
                    + audioSlots + " video " + videoSlots);
        }
        atLeastOne("m-lines per offer", mlinesPerOffer);
        atLeastOne("participants per room", participantsPerRoom);
        atLeastOne("participants", participants);
        atLeastOne("transports per address", transportsPerAddress);
        atLeastOne("cameras per room", camerasPerRoom);
    }

    public static Budgets defaults() {
        return new Budgets(DEFAULT_AUDIO_SLOTS, DEFAULT_VIDEO_SLOTS, DEFAULT_MLINES_PER_OFFER,
                DEFAULT_PARTICIPANTS_PER_ROOM, DEFAULT_PARTICIPANTS, DEFAULT_TRANSPORTS_PER_ADDRESS,
                DEFAULT_CAMERAS_PER_ROOM);
    }

    /** The slots as counts: at most this many audio and video sections carry media. */
    public SlotCounts slots() {
        return new SlotCounts(audioSlots, videoSlots);
    }

    public Budgets withMlinesPerOffer(int n) {
        return new Budgets(audioSlots, videoSlots, n, participantsPerRoom, participants, transportsPerAddress,
                camerasPerRoom);
    }

    public Budgets withParticipantsPerRoom(int n) {
        return new Budgets(audioSlots, videoSlots, mlinesPerOffer, n, participants, transportsPerAddress,
                camerasPerRoom);
    }

    public Budgets withParticipants(int n) {
        return new Budgets(audioSlots, videoSlots, mlinesPerOffer, participantsPerRoom, n, transportsPerAddress,
                camerasPerRoom);
    }

    public Budgets withTransportsPerAddress(int n) {
        return new Budgets(audioSlots, videoSlots, mlinesPerOffer, participantsPerRoom, participants, n,
                camerasPerRoom);
    }

    public Budgets withCamerasPerRoom(int n) {
        return new Budgets(audioSlots, videoSlots, mlinesPerOffer, participantsPerRoom, participants,
                transportsPerAddress, n);
    }

    private static void atLeastOne(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
    }
}
