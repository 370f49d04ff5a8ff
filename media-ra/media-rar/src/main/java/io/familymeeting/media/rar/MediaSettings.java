package io.familymeeting.media.rar;

import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.room.Budgets;
import io.familymeeting.media.core.ice.CandidateNetworks;
import io.familymeeting.media.core.ice.ReceiveLoops;
import io.familymeeting.media.core.rtsp.CameraTargets;
import io.familymeeting.media.core.net.NetworkBlock;
import io.familymeeting.media.core.send.SendLoops;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the resource adapter's config properties into an {@link EngineConfig}, letting the
 * deployment override each with a system property or environment variable of the same name
 * as the application's settings ({@code MEDIA_PORT}, {@code MEDIA_BIND_ADDRESS},
 * {@code MEDIA_ADVERTISED_ADDRESSES}, {@code MEDIA_RECEIVE_BUFFER_BYTES},
 * {@code MEDIA_SEND_BUFFER_BYTES}, {@code MEDIA_CONSENT_TIMEOUT_MILLIS},
 * {@code MEDIA_ALLOWED_CANDIDATE_NETWORKS}, {@code MEDIA_BLOCK_PRIVATE_CANDIDATES},
 * {@code EXPERIMENT_RTP_SEP_RW}, {@code CAMERA_ALLOWED_NETWORKS}): a container image is configured through its environment,
 * not by editing ra.xml.
 *
 * <p>{@code MEDIA_FORWARDING_THREADS} (no config property) sets the engine's forwarding threads,
 * which handle every participant's received packets ({@link ReceiveLoops}): default one per core,
 * 1 to {@link ReceiveLoops#MAX_THREADS}.
 *
 * <p>{@code EXPERIMENT_RTP_SEP_RW=true} separates receive and send: {@link SendLoops#defaultLoops()}
 * send threads (one per core, at most four) protect and send what the receive threads forward.
 *
 * <p>The engine's {@link Budgets} have no config property; each is a system property or
 * environment variable, with the default of {@link Budgets#defaults()}:
 * {@code MEDIA_MAX_AUDIO_SLOTS}, {@code MEDIA_MAX_VIDEO_SLOTS}, {@code MEDIA_MAX_MLINES},
 * {@code MEDIA_MAX_ROOM_PARTICIPANTS}, {@code MEDIA_MAX_PARTICIPANTS},
 * {@code MEDIA_MAX_TRANSPORTS_PER_ADDRESS}, {@code MEDIA_MAX_ROOM_CAMERAS}.
 *
 * <p>The adapter's own threads, likewise: {@code MEDIA_WORKER_THREADS} bounds the engine's
 * long-running work ({@link MediaWorkers}), {@code MEDIA_MAX_PENDING_EVENTS} the events waiting
 * for a message-driven bean ({@link KeyedDelivery}).
 */
final class MediaSettings {
    private final Function<String, String> overrides;

    MediaSettings(Function<String, String> overrides) {
        this.overrides = overrides;
    }

    /** System properties first, then the environment. */
    static MediaSettings fromSystem() {
        return new MediaSettings(key -> {
            String v = System.getProperty(key);
            return v != null ? v : System.getenv(key);
        });
    }

    EngineConfig engineConfig(MediaResourceAdapter ra) {
        int port = intValue("MEDIA_PORT", ra.getMediaPort());
        String bind = stringValue("MEDIA_BIND_ADDRESS", ra.getBindAddress());
        List<String> advertised = list(stringValue("MEDIA_ADVERTISED_ADDRESSES", ra.getAdvertisedAddresses()));
        int rcv = intValue("MEDIA_RECEIVE_BUFFER_BYTES", ra.getReceiveBufferBytes());
        int snd = intValue("MEDIA_SEND_BUFFER_BYTES", ra.getSendBufferBytes());
        long consent = intValue("MEDIA_CONSENT_TIMEOUT_MILLIS", ra.getConsentTimeoutMillis());
        boolean separate = booleanValue("EXPERIMENT_RTP_SEP_RW", ra.getSeparateSendThreads());
        List<String> networks = list(stringValue("MEDIA_ALLOWED_CANDIDATE_NETWORKS", ra.getAllowedCandidateNetworks()));
        try {
            CandidateNetworks.validate(networks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MEDIA_ALLOWED_CANDIDATE_NETWORKS: " + e.getMessage(), e);
        }
        boolean blockPrivate = booleanValue("MEDIA_BLOCK_PRIVATE_CANDIDATES", ra.getBlockPrivateCandidates());
        List<NetworkBlock> cameraNetworks = blocks(CameraTargets.ALLOWED_NETWORKS, ra.getCameraAllowedNetworks());
        return new EngineConfig(port, bind, advertised, rcv, snd, consent, separate ? SendLoops.defaultLoops() : 0,
                budgets(), networks, blockPrivate, cameraNetworks, forwardingThreads());
    }

    /** A comma-separated CIDR list; a bad block fails with the setting's name and what is wrong. */
    private List<NetworkBlock> blocks(String key, String fallback) {
        try {
            return NetworkBlock.parseList(stringValue(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** The engine's limits; a value out of range is refused with the setting's name. */
    Budgets budgets() {
        Budgets b = Budgets.defaults();
        int audio = atLeast("MEDIA_MAX_AUDIO_SLOTS", intValue("MEDIA_MAX_AUDIO_SLOTS", b.audioSlots()), 0);
        int video = atLeast("MEDIA_MAX_VIDEO_SLOTS", intValue("MEDIA_MAX_VIDEO_SLOTS", b.videoSlots()), 0);
        if (audio + video == 0) {
            throw new IllegalArgumentException("MEDIA_MAX_AUDIO_SLOTS and MEDIA_MAX_VIDEO_SLOTS must not both be 0");
        }
        return new Budgets(audio, video,
                atLeast("MEDIA_MAX_MLINES", intValue("MEDIA_MAX_MLINES", b.mlinesPerOffer()), 1),
                atLeast("MEDIA_MAX_ROOM_PARTICIPANTS", intValue("MEDIA_MAX_ROOM_PARTICIPANTS", b.participantsPerRoom()), 1),
                atLeast("MEDIA_MAX_PARTICIPANTS", intValue("MEDIA_MAX_PARTICIPANTS", b.participants()), 1),
                atLeast("MEDIA_MAX_TRANSPORTS_PER_ADDRESS",
                        intValue("MEDIA_MAX_TRANSPORTS_PER_ADDRESS", b.transportsPerAddress()), 1),
                atLeast("MEDIA_MAX_ROOM_CAMERAS", intValue("MEDIA_MAX_ROOM_CAMERAS", b.camerasPerRoom()), 1));
    }

    /** The engine's forwarding threads ({@link ReceiveLoops}); default one per core. */
    int forwardingThreads() {
        return between("MEDIA_FORWARDING_THREADS",
                intValue("MEDIA_FORWARDING_THREADS", ReceiveLoops.defaultThreads()), 1, ReceiveLoops.MAX_THREADS);
    }

    /** Bound on the engine's threads ({@link MediaWorkers}). */
    int workerThreads() {
        return atLeast("MEDIA_WORKER_THREADS", intValue("MEDIA_WORKER_THREADS", MediaWorkers.DEFAULT_THREADS), 1);
    }

    /** Bound on events waiting for delivery ({@link KeyedDelivery}). */
    int maxPendingEvents() {
        return atLeast("MEDIA_MAX_PENDING_EVENTS",
                intValue("MEDIA_MAX_PENDING_EVENTS", MediaResourceAdapter.DEFAULT_MAX_PENDING_EVENTS), 1);
    }

    private static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    private String stringValue(String key, String fallback) {
        String v = overrides.apply(key);
        return v == null || v.isBlank() ? (fallback == null ? "" : fallback.trim()) : v.trim();
    }

    private int intValue(String key, Integer fallback) {
        String v = overrides.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'", e);
        }
    }

    /** Only "true" or "false" (any case): a typo must not silently mean false. */
    private boolean booleanValue(String key, Boolean fallback) {
        String v = overrides.apply(key);
        if (v == null || v.isBlank()) {
            return Boolean.TRUE.equals(fallback);
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be 'true' or 'false', not '" + v + "'");
    }

    static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
