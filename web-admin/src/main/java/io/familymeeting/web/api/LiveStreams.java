package io.familymeeting.web.api;

import io.familymeeting.signaling.service.NativeRooms;
import io.familymeeting.signaling.store.DocumentChange;
import io.familymeeting.signaling.store.DocumentStore;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.store.Registration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open Server-Sent Events streams of the web client: a participant's document
 * ({@code document} and {@code deleted} events) and a room's live view ({@code room}).
 * Store listeners only queue work; each stream sends from the managed executor, one event at
 * a time, in order. A ping every {@link #PING_SECONDS} finds streams whose browser went away
 * and closes their store registrations.
 */
@ApplicationScoped
public class LiveStreams {
    private static final Logger LOG = Logger.getLogger(LiveStreams.class.getName());
    static final int PING_SECONDS = 15;

    @Resource
    private ManagedScheduledExecutorService executor;

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> pinger;

    @PostConstruct
    void start() {
        pinger = executor.scheduleAtFixedRate(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (pinger != null) {
            pinger.cancel(false);
        }
        for (Stream s : open) {
            s.close();
        }
    }

    void participant(DocumentStore store, String path, SseEventSink sink, Sse sse) {
        Stream s = new Stream(sink, sse);
        open.add(s);
        s.registrations.add(store.listenDocument(path, change -> {
            if (change.type() == DocumentChange.Type.REMOVED) {
                s.submit(() -> {
                    s.send(sse.newEventBuilder().name("deleted").data("{}").build());
                    s.close();
                });
            } else {
                String json = Json.write(Json.view(change.document()));
                s.submit(() -> s.send(sse.newEventBuilder().name("document").data(json).build()));
            }
        }));
    }

    void room(DocumentStore store, NativeRooms rooms, String roomId, SseEventSink sink, Sse sse) {
        Stream s = new Stream(sink, sse);
        open.add(s);
        AtomicBoolean queued = new AtomicBoolean();
        Runnable refresh = () -> {
            if (queued.compareAndSet(false, true)) {
                s.submit(() -> {
                    queued.set(false);
                    s.send(sse.newEventBuilder().name("room").data(Json.write(rooms.roomView(roomId))).build());
                });
            }
        };
        refresh.run();
        s.registrations.add(store.listenDocument(Paths.room(roomId), change -> refresh.run()));
        s.registrations.add(store.listen(Paths.participants(roomId), change -> refresh.run()));
    }

    private void ping() {
        for (Stream s : open) {
            s.submit(() -> s.send(s.sse.newEventBuilder().comment("ping").build()));
        }
    }

    int openStreams() {
        return open.size();
    }

    /** One browser's stream: a serial queue of sends on the managed executor. */
    private final class Stream {
        final SseEventSink sink;
        final Sse sse;
        final List<Registration> registrations = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean closed;

        Stream(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        void submit(Runnable task) {
            if (closed) {
                return;
            }
            queue.add(task);
            if (draining.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (RuntimeException e) {
                    draining.set(false);
                    close();
                }
            }
        }

        private void drain() {
            do {
                Runnable task;
                while ((task = queue.poll()) != null && !closed) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "live stream task failed", e);
                        close();
                    }
                }
                draining.set(false);
            } while (!queue.isEmpty() && !closed && draining.compareAndSet(false, true));
        }

        void send(OutboundSseEvent event) {
            if (closed || sink.isClosed()) {
                close();
                return;
            }
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            for (Registration r : registrations) {
                r.close();
            }
            queue.clear();
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a live stream", e);
            }
        }
    }
}
