package io.familymeeting.media.core.rtsp;

/**
 * The Session header (RFC 2326 §12.37): {@code id[;timeout=seconds]}. The timeout defaults
 * to 60 seconds; keep-alives go at half of it.
 */
public record SessionHeader(String id, int timeoutSeconds) {
    /** RFC 2326 §12.37: "the default is 60 seconds". */
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    public static SessionHeader parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(";");
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    timeout = Integer.parseInt(p.substring(8).trim());
                } catch (NumberFormatException e) {
                    timeout = DEFAULT_TIMEOUT_SECONDS;
                }
            }
        }
        if (timeout <= 0) {
            timeout = DEFAULT_TIMEOUT_SECONDS;
        }
        return new SessionHeader(parts[0].trim(), timeout);
    }
}
