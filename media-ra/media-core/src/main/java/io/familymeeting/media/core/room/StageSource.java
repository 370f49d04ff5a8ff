package io.familymeeting.media.core.room;

import io.familymeeting.media.core.forward.Producer;
import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.answer.CodecPreferences;

import java.util.List;

/**
 * Whatever can be a room's presenter: a WebRTC {@link Participant}, or a source attached to
 * the room that is not a participant (an RTSP camera). The room binds its viewers' slots to
 * the producers of the source on stage. Sources that are not participants may also want to
 * know the audience (to pull on demand) and shape viewers' answers (to offer the codec they
 * carry).
 */
public interface StageSource {
    String id();

    /** The source's tracks of this kind, in slot order. */
    List<Producer> producers(TrackKind kind);

    /** The number of connected viewers in the room changed. Must not block. */
    default void onViewerCount(int viewers) {
    }

    /**
     * The codecs to accept from a viewer's offer so that it can receive this source, or null
     * for the engine's defaults.
     */
    default CodecPreferences viewerCodecs(SessionDescription offer) {
        return null;
    }
}
