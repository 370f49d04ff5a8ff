package io.familymeeting.signaling.mdb;

import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.api.SignalListener;
import io.familymeeting.signaling.runtime.SignalingRuntime;
import io.familymeeting.signaling.schema.Paths;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Driven by the media adapter with every signaling document change; hands it on by
 * collection: {@code broadcast_requests} to
 * {@link io.familymeeting.signaling.service.BroadcastRequests}, camera documents to
 * {@link io.familymeeting.signaling.service.CameraSignaling} (start, stop), participant
 * documents to {@link io.familymeeting.signaling.service.ParticipantSignaling} (answer,
 * error, leave) and then to {@link io.familymeeting.signaling.service.Roster} (the room's
 * roster entry). A resync (events dropped, queue full) is every document of its key read
 * again ({@link io.familymeeting.signaling.service.Resync}), each handed on the same way.
 *
 * <p>No {@code resourceAdapter} activation property: the container binds a non-JMS bean to
 * the one adapter that supports its listener interface, which is {@code media-ra} standalone
 * (Payara Micro) and {@code family-meeting#media-ra} inside the EAR (Payara Server) alike.
 */
@MessageDriven(messageListenerInterface = SignalListener.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignalMDB implements SignalListener {
    @EJB
    private SignalingRuntime runtime;

    @Override
    public void onSignal(SignalEvent event) {
        if (event.kind() == SignalEvent.Kind.RESYNC) {
            // Events of this key were dropped (queue full): its documents, read again, in order.
            runtime.resync().events(event).forEach(this::onSignal);
        } else if (Paths.isIn(Paths.CAMERAS, event.path())) {
            runtime.cameras().handle(event);
        } else if (Paths.isIn(Paths.BROADCAST_REQUESTS, event.path())) {
            runtime.broadcastRequests().handle(event);
        } else {
            runtime.participants().handle(event);
            runtime.roster().handle(event);
        }
    }
}
