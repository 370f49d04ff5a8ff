package io.familymeeting.media.rar;

import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.rtsp.CameraTargets;
import io.familymeeting.media.core.rtsp.NetworkBlock;
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
 * {@code EXPERIMENT_RTP_SEP_RW}, {@code CAMERA_ALLOWED_NETWORKS}): a container image is configured through its environment,
 * not by editing ra.xml.
 *
 * <p>{@code EXPERIMENT_RTP_SEP_RW=true} separates receive and send: {@link SendLoops#defaultLoops()}
 * send threads (one per core, at most four) protect and send what the receive threads forward.
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
        List<NetworkBlock> cameraNetworks = blocks(CameraTargets.ALLOWED_NETWORKS, ra.getCameraAllowedNetworks());
        return new EngineConfig(port, bind, advertised, rcv, snd, consent, separate ? SendLoops.defaultLoops() : 0,
                cameraNetworks);
    }

    /** A comma-separated CIDR list; a bad block fails with the setting's name and what is wrong. */
    private List<NetworkBlock> blocks(String key, String fallback) {
        try {
            return NetworkBlock.parseList(stringValue(key, fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
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
