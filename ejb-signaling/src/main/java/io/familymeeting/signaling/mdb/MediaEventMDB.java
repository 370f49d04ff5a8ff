package io.familymeeting.signaling.mdb;

import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** Driven by the media adapter with media events; records them on participant, camera or {@code broadcast_requests} documents. */
@MessageDriven(messageListenerInterface = MediaEventListener.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MediaEventMDB implements MediaEventListener {
    @EJB
    private SignalingRuntime runtime;

    @Override
    public void onMediaEvent(MediaEvent event) {
        if (event.type() == MediaEvent.Type.CAMERA_STATE) {
            runtime.cameras().onState(event);
        } else {
            runtime.mediaEvents().handle(event);
            if (event.type() == MediaEvent.Type.FAILED) {
                runtime.broadcastRequests().mediaFailed(event.roomId(), event.participantId(), event.detail());
            } else if (event.type() == MediaEvent.Type.REFUSED) {
                runtime.broadcastRequests().mediaRefused(event.roomId(), event.participantId(), event.detail());
            }
        }
    }
}
