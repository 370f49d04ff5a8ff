package io.familymeeting.signaling.dispatch;

import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.TopicName;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.store.Registration;
import io.familymeeting.signaling.store.StoreException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link RoomDispatch} on Google Pub/Sub: {@code PUBSUB_TOPIC} carries room paths (UTF-8
 * message data); every broadcast instance consumes the one shared {@code PUBSUB_SUBSCRIPTION}
 * (competing consumers); a nack is redelivered at once, to any consumer. With
 * {@code PUBSUB_EMULATOR_HOST} it talks plain text to the emulator without credentials and
 * creates the topic and subscription if they are missing; against Google they are expected
 * to exist (provisioned with the deployment), credentials as for Firestore.
 *
 * <p>Each {@link #consume} is one {@link Subscriber} handling one message at a time. Not an
 * ordered queue, and not exactly-once.
 */
public final class PubSubDispatch implements RoomDispatch {
    private static final Logger LOG = Logger.getLogger(PubSubDispatch.class.getName());
    private static final int ACK_DEADLINE_SECONDS = 20;

    private final TopicName topic;
    private final ProjectSubscriptionName subscription;
    private final TransportChannelProvider channels;
    private final CredentialsProvider credentials;
    private final ManagedChannel emulatorChannel;
    private final Publisher publisher;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private PubSubDispatch(String project, String topicId, String subscriptionId, String emulatorHost,
                           CredentialsProvider credentials) throws IOException {
        this.topic = TopicName.of(project, topicId);
        this.subscription = ProjectSubscriptionName.of(project, subscriptionId);
        if (emulatorHost.isEmpty()) {
            this.emulatorChannel = null;
            this.channels = TopicAdminSettings.defaultGrpcTransportProviderBuilder().build();
            this.credentials = credentials;
        } else {
            this.emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
            this.channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
            this.credentials = NoCredentialsProvider.create();
            ensureTopicAndSubscription();
        }
        this.publisher = Publisher.newBuilder(topic).setChannelProvider(channels).setCredentialsProvider(this.credentials).build();
    }

    /** From PUBSUB_TOPIC, PUBSUB_SUBSCRIPTION, PUBSUB_EMULATOR_HOST, GOOGLE_CLOUD_PROJECT, GOOGLE_APPLICATION_CREDENTIALS. */
    public static PubSubDispatch open(Settings settings) {
        String project = settings.get(Setting.GOOGLE_CLOUD_PROJECT);
        String emulator = settings.get(Setting.PUBSUB_EMULATOR_HOST);
        if (project.isEmpty()) {
            throw new IllegalArgumentException("GOOGLE_CLOUD_PROJECT is required for Pub/Sub dispatch");
        }
        try {
            CredentialsProvider creds = emulator.isEmpty()
                    ? FixedCredentialsProvider.create(io.familymeeting.signaling.store.firestore.FirestoreConnector
                    .credentials(settings.get(Setting.GOOGLE_APPLICATION_CREDENTIALS)))
                    : NoCredentialsProvider.create();
            return new PubSubDispatch(project, settings.get(Setting.PUBSUB_TOPIC),
                    settings.get(Setting.PUBSUB_SUBSCRIPTION), emulator, creds);
        } catch (IOException e) {
            throw new StoreException("cannot open Pub/Sub: " + e.getMessage(), e);
        }
    }

    private void ensureTopicAndSubscription() throws IOException {
        try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels).setCredentialsProvider(credentials).build());
             SubscriptionAdminClient subs = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                     .setTransportChannelProvider(channels).setCredentialsProvider(credentials).build())) {
            try {
                topics.getTopic(topic);
            } catch (NotFoundException e) {
                try {
                    topics.createTopic(topic);
                    LOG.info("created Pub/Sub topic " + topic);
                } catch (AlreadyExistsException raced) {
                    // another instance made it
                }
            }
            try {
                subs.getSubscription(subscription);
            } catch (NotFoundException e) {
                try {
                    subs.createSubscription(subscription.toString(), topic.toString(), PushConfig.getDefaultInstance(),
                            ACK_DEADLINE_SECONDS);
                    LOG.info("created Pub/Sub subscription " + subscription);
                } catch (AlreadyExistsException raced) {
                    // another instance made it
                }
            }
        }
    }

    @Override
    public void publish(String roomPath) {
        PubsubMessage m = PubsubMessage.newBuilder().setData(ByteString.copyFrom(roomPath, StandardCharsets.UTF_8)).build();
        try {
            publisher.publish(m).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("publishing " + roomPath + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreException("publishing " + roomPath + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Registration consume(Handler handler) {
        MessageReceiver receiver = (message, consumer) -> {
                    String path = message.getData().toString(StandardCharsets.UTF_8);
                    boolean ack;
                    try {
                        ack = handler.handle(path);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "room dispatch handler failed on " + path, e);
                        ack = false;
                    }
                    if (ack) {
                        consumer.ack();
                    } else {
                        consumer.nack();
                    }
                };
        Subscriber s = Subscriber.newBuilder(subscription, receiver)
                .setChannelProvider(channels)
                .setCredentialsProvider(credentials)
                .setParallelPullCount(1)
                .setExecutorProvider(InstantiatingExecutorProvider.newBuilder().setExecutorThreadCount(1).build())
                .setFlowControlSettings(FlowControlSettings.newBuilder().setMaxOutstandingElementCount(1L).build())
                .build();
        s.startAsync().awaitRunning();
        subscribers.add(s);
        return () -> {
            if (subscribers.remove(s)) {
                s.stopAsync().awaitTerminated();
            }
        };
    }

    @Override
    public void close() {
        for (Subscriber s : subscribers) {
            s.stopAsync();
        }
        for (Subscriber s : subscribers) {
            try {
                s.awaitTerminated(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.warning("a Pub/Sub subscriber did not stop within 10 s");
            }
        }
        subscribers.clear();
        publisher.shutdown();
        try {
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (emulatorChannel != null) {
            emulatorChannel.shutdownNow();
        }
    }
}
