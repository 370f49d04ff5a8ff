package io.familymeeting.media.rar;

import io.familymeeting.media.api.DeliveryCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.MediaEventListener;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.api.SignalListener;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inbound side: the activated message-driven beans and the two delivery queues that feed
 * them ({@link KeyedDelivery}: in order per room, on WorkManager threads). Events that arrive
 * before any bean is activated wait (bounded) until one is. Signal events beyond the bound are
 * not lost: their room gets a {@link SignalEvent.Kind#RESYNC} once its queue drains.
 */
final class Endpoints {
    private static final Logger LOG = Logger.getLogger(Endpoints.class.getName());

    private final List<MessageEndpointFactory> signalEndpoints = new CopyOnWriteArrayList<>();
    private final List<MessageEndpointFactory> mediaEndpoints = new CopyOnWriteArrayList<>();
    private final KeyedDelivery<SignalEvent> signals;
    private final KeyedDelivery<MediaEvent> media;

    Endpoints(Executor executor, int maxPending) {
        // A room whose signal events overflowed is read again (SignalEvent.resync): no offer is lost.
        this.signals = new KeyedDelivery<>("signal delivery", executor, this::deliverSignal, maxPending,
                SignalEvent::resync);
        this.media = new KeyedDelivery<>("media event delivery", executor, this::deliverMedia, maxPending);
    }

    boolean signal(SignalEvent event) {
        return signals.offer(event.orderKey(), event);
    }

    void mediaEvent(MediaEvent event) {
        if (!media.offer(event.roomId(), event)) {
            LOG.warning(() -> "media event " + event.type() + " of " + event.participantId() + " dropped: queue full");
        }
    }

    /** What the two queues dropped and resynced so far, and what waits in them now. */
    DeliveryCounts counts() {
        return new DeliveryCounts(signals.refused(), signals.resyncs(), media.refused(),
                signals.pending() + media.pending());
    }

    void addSignalEndpoint(MessageEndpointFactory f) {
        signalEndpoints.add(f);
        signals.resume();
    }

    void addMediaEndpoint(MessageEndpointFactory f) {
        mediaEndpoints.add(f);
        media.resume();
    }

    void remove(MessageEndpointFactory f) {
        signalEndpoints.remove(f);
        mediaEndpoints.remove(f);
    }

    private void deliverSignal(SignalEvent event) {
        for (MessageEndpointFactory f : signalEndpoints) {
            MessageEndpoint ep = create(f);
            if (ep == null) {
                continue;
            }
            try {
                ((SignalListener) ep).onSignal(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "signal bean failed on " + event.path(), e);
            } finally {
                ep.release();
            }
        }
    }

    private void deliverMedia(MediaEvent event) {
        for (MessageEndpointFactory f : mediaEndpoints) {
            MessageEndpoint ep = create(f);
            if (ep == null) {
                continue;
            }
            try {
                ((MediaEventListener) ep).onMediaEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "media event bean failed on " + event.type(), e);
            } finally {
                ep.release();
            }
        }
    }

    private static MessageEndpoint create(MessageEndpointFactory f) {
        try {
            return f.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "message endpoint unavailable", e);
            return null;
        }
    }

    void close() {
        signals.close();
        media.close();
        signalEndpoints.clear();
        mediaEndpoints.clear();
    }
}
