package io.familymeeting.signaling.access;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;
import io.familymeeting.signaling.service.RequestException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The access settings of one instance, read and checked once at start: the mode
 * ({@link AccessMode}) and, when a key is configured, the {@link JoinTokens} made with it.
 * {@link #from} refuses a configuration the server must not run with (ACCESS_MODE=token
 * without a key, a short secret, a broken key pair, a default validity above the cap):
 * the message names the setting.
 */
public final class AccessConfig {
    private final AccessMode mode;
    private final JoinTokens tokens;

    public AccessConfig(AccessMode mode, JoinTokens tokens) {
        if (mode == AccessMode.TOKEN && tokens == null) {
            throw new IllegalStateException("ACCESS_MODE=token needs a key for join tokens: set ACCESS_TOKEN_SECRET"
                    + " (HS256, at least 32 bytes) or ACCESS_TOKEN_PRIVATE_KEY and ACCESS_TOKEN_PUBLIC_KEY (ES256)");
        }
        this.mode = mode;
        this.tokens = tokens;
    }

    public static AccessConfig from(Settings settings, Clock clock) {
        AccessMode mode = AccessMode.from(settings);
        Duration ttl = Duration.ofSeconds(settings.getInt(Setting.ACCESS_TOKEN_TTL_SECONDS));
        Duration max = Duration.ofSeconds(settings.getInt(Setting.ACCESS_TOKEN_MAX_TTL_SECONDS));
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(max) > 0) {
            throw new IllegalStateException("ACCESS_TOKEN_TTL_SECONDS (" + ttl.toSeconds() + ") must be positive and at most"
                    + " ACCESS_TOKEN_MAX_TTL_SECONDS (" + max.toSeconds() + ")");
        }
        JoinTokens tokens = TokenKeys.from(settings).map(k -> new JoinTokens(k, clock, ttl, max)).orElse(null);
        return new AccessConfig(mode, tokens);
    }

    public AccessMode mode() {
        return mode;
    }

    /** The join tokens, when a key is configured (always in token mode). */
    public Optional<JoinTokens> tokens() {
        return Optional.ofNullable(tokens);
    }

    /** The join tokens, or 503 saying which setting is missing. */
    public JoinTokens requireTokens() {
        if (tokens == null) {
            throw new RequestException(503, "join tokens are off on this server: set ACCESS_TOKEN_SECRET"
                    + " (or the ES256 key pair) to make invitations");
        }
        return tokens;
    }

    /** For the start-up log line. */
    @Override
    public String toString() {
        return "access " + mode.wireName() + (tokens == null ? ", no join tokens" : ", join tokens " + tokens.keys());
    }
}
