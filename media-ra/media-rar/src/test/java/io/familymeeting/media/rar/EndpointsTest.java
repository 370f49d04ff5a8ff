package io.familymeeting.media.rar;

import io.familymeeting.media.api.DeliveryCounts;
import io.familymeeting.media.api.MediaEvent;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.media.api.SignalListener;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the adapter reports about its event delivery (console, metrics) is what its queues did. */
@Timeout(30)
class EndpointsTest {

    @Test
    void countsDroppedEventsResyncsAndPendingOnes() {
        Endpoints endpoints = new Endpoints(Runnable::run, 2);
        for (int i = 1; i <= 3; i++) {
            endpoints.signal(new SignalEvent("rooms/r", "rooms/r/participants/p" + i, SignalEvent.Kind.ADDED, Map.of()));
            endpoints.mediaEvent(new MediaEvent(MediaEvent.Type.CONNECTED, "r", "p" + i, "", Instant.now()));
        }
        // No bean yet: everything waits; the third of each kind found its queue full.
        assertThat(endpoints.counts()).isEqualTo(new DeliveryCounts(1, 0, 1, 4));

        RecordingSignalBean bean = new RecordingSignalBean();
        endpoints.addSignalEndpoint(new SingleEndpointFactory(bean));

        // The two queued signal events, then one resync standing for the dropped third.
        assertThat(bean.received).extracting(SignalEvent::kind)
                .containsExactly(SignalEvent.Kind.ADDED, SignalEvent.Kind.ADDED, SignalEvent.Kind.RESYNC);
        assertThat(endpoints.counts()).isEqualTo(new DeliveryCounts(1, 1, 1, 2));
        assertThat(endpoints.counts().summary())
                .isEqualTo("signal events dropped 1 (rooms read again 1), media events dropped 1, pending 2");
        endpoints.close();
    }

    /** Test double of an activated message-driven bean: records the signal events it is given. */
    private static final class RecordingSignalBean implements MessageEndpoint, SignalListener {
        final List<SignalEvent> received = new ArrayList<>();

        @Override
        public void onSignal(SignalEvent event) {
            received.add(event);
        }

        @Override
        public void beforeDelivery(Method method) {
        }

        @Override
        public void afterDelivery() {
        }

        @Override
        public void release() {
        }
    }

    /** Test double of the container's endpoint factory: always hands out the same bean. */
    private record SingleEndpointFactory(RecordingSignalBean bean) implements MessageEndpointFactory {
        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource) {
            return bean;
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
            return bean;
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "recording-signal-bean";
        }

        @Override
        public Class<?> getEndpointClass() {
            return RecordingSignalBean.class;
        }
    }
}
