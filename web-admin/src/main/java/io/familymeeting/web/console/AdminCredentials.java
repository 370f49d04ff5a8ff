package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The console's one account, from {@code ADMIN_USER} / {@code ADMIN_PASSWORD}, and the key
 * scripts may use instead, {@code ADMIN_API_KEY} (sent as {@code Authorization: Bearer KEY}).
 * In development an empty password means {@code admin}; with {@code RUN_TIME_ENV=production}
 * an empty password disables the console ({@link #refusal()}) rather than leaving it open. A
 * key shorter than {@link #MIN_API_KEY_LENGTH} characters is not accepted ({@link
 * #apiKeyProblem()}). Passwords and keys are compared in constant time (digests compared
 * with {@link MessageDigest#isEqual}). It does not know requests or sessions.
 */
public final class AdminCredentials {
    static final String DEVELOPMENT_PASSWORD = "admin";
    /** 32 characters: as much as the 256-bit keys of the join tokens (from openssl rand -base64 32, 44). */
    static final int MIN_API_KEY_LENGTH = 32;
    /** RFC 6750 §2.1: the scheme of a bearer credential in the Authorization header. */
    private static final String BEARER = "Bearer ";

    private final String user;
    private final byte[] passwordDigest;
    private final String refusal;
    private final boolean defaultPassword;
    /** SHA-256 of ADMIN_API_KEY, or null when there is no usable key. */
    private final byte[] apiKeyDigest;
    private final String apiKeyProblem;

    private AdminCredentials(String user, String password, String refusal, boolean defaultPassword, String apiKey) {
        this.user = user;
        this.passwordDigest = digest(password);
        this.refusal = refusal;
        this.defaultPassword = defaultPassword;
        if (apiKey.isEmpty()) {
            this.apiKeyDigest = null;
            this.apiKeyProblem = null;
        } else if (apiKey.length() < MIN_API_KEY_LENGTH) {
            this.apiKeyDigest = null;
            this.apiKeyProblem = "ADMIN_API_KEY is shorter than " + MIN_API_KEY_LENGTH
                    + " characters and is not accepted; make one with: openssl rand -base64 32";
        } else {
            this.apiKeyDigest = digest(apiKey);
            this.apiKeyProblem = null;
        }
    }

    public static AdminCredentials from(Settings settings) {
        String user = settings.get(Setting.ADMIN_USER);
        String password = settings.get(Setting.ADMIN_PASSWORD);
        String apiKey = settings.get(Setting.ADMIN_API_KEY);
        if (password.isEmpty()) {
            if (settings.isProduction()) {
                return new AdminCredentials(user, "", "The admin console is disabled: RUN_TIME_ENV=production"
                        + " requires ADMIN_PASSWORD to be set.", false, apiKey);
            }
            return new AdminCredentials(user, DEVELOPMENT_PASSWORD, null, true, apiKey);
        }
        return new AdminCredentials(user, password, null, false, apiKey);
    }

    /** Why the configured ADMIN_API_KEY is not accepted, or null (none set, or a usable one). */
    public String apiKeyProblem() {
        return apiKeyProblem;
    }

    /** True when an API key is configured and accepted. */
    public boolean hasApiKey() {
        return apiKeyDigest != null;
    }

    /**
     * True when an {@code Authorization} header value is {@code Bearer} and the configured
     * key (RFC 6750 §2.1; the scheme without case); never true without a usable key. The key
     * works also while password logins are refused (production without ADMIN_PASSWORD).
     */
    public boolean matchesAuthorization(String authorization) {
        if (apiKeyDigest == null || !isBearer(authorization)) {
            return false;
        }
        return MessageDigest.isEqual(apiKeyDigest, digest(authorization.substring(BEARER.length()).trim()));
    }

    /** True when the header value carries a bearer credential (right or wrong). */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /** Why the console must not be served, or null when it may. */
    public String refusal() {
        return refusal;
    }

    /** The development default password is in use (worth a warning in the log). */
    public boolean usesDefaultPassword() {
        return defaultPassword;
    }

    /** True for the configured user and password; never true while the console is refused. */
    public boolean matches(String candidateUser, String candidatePassword) {
        if (refusal != null || candidateUser == null || candidatePassword == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(digest(user), digest(candidateUser));
        boolean passwordOk = MessageDigest.isEqual(passwordDigest, digest(candidatePassword));
        return userOk & passwordOk;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
