package io.familymeeting.web.console;

import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The console's one account, from {@code ADMIN_USER} / {@code ADMIN_PASSWORD}. In
 * development an empty password means {@code admin}; with {@code RUN_TIME_ENV=production}
 * an empty password disables the console ({@link #refusal()}) rather than leaving it open.
 * Passwords are compared in constant time (digests compared with {@link MessageDigest#isEqual}).
 */
public final class AdminCredentials {
    static final String DEVELOPMENT_PASSWORD = "admin";

    private final String user;
    private final byte[] passwordDigest;
    private final String refusal;
    private final boolean defaultPassword;

    private AdminCredentials(String user, String password, String refusal, boolean defaultPassword) {
        this.user = user;
        this.passwordDigest = digest(password);
        this.refusal = refusal;
        this.defaultPassword = defaultPassword;
    }

    public static AdminCredentials from(Settings settings) {
        String user = settings.get(Setting.ADMIN_USER);
        String password = settings.get(Setting.ADMIN_PASSWORD);
        if (password.isEmpty()) {
            if (settings.isProduction()) {
                return new AdminCredentials(user, "", "The admin console is disabled: RUN_TIME_ENV=production"
                        + " requires ADMIN_PASSWORD to be set.", false);
            }
            return new AdminCredentials(user, DEVELOPMENT_PASSWORD, null, true);
        }
        return new AdminCredentials(user, password, null, false);
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
