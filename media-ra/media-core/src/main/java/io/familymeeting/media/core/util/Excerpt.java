package io.familymeeting.media.core.util;

/** A short, printable excerpt of untrusted input for an error message people and logs see. */
public final class Excerpt {
    /** Characters kept of the input. */
    public static final int MAX_CHARS = 60;

    private Excerpt() {
    }

    /** At most {@link #MAX_CHARS} characters of {@code s}, control characters as '?', '…' when cut. */
    public static String of(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_CHARS; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > MAX_CHARS) {
            sb.append('…');
        }
        return sb.toString();
    }
}
