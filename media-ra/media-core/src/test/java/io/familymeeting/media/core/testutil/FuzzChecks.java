package io.familymeeting.media.core.testutil;

import java.util.Objects;

/**
 * Invariants shared by the fuzz tests ({@code *FuzzTest} classes with {@code @FuzzTest}): they
 * throw {@link AssertionError}, which Jazzer reports as a finding. Plain Java, no allocation on
 * the passing path beyond what the checked values already hold.
 */
public final class FuzzChecks {
    /** Longest error message a parser may produce: it carries a short excerpt of the input at most. */
    public static final int MAX_MESSAGE_CHARS = 600;

    private FuzzChecks() {
    }

    /**
     * An error meant for the person who sent the input: a message that says something, is
     * short, and holds no control characters (the input's excerpt is sanitized).
     */
    public static void userMessage(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("blank message in " + e, e);
        }
        if (m.length() > MAX_MESSAGE_CHARS) {
            throw new AssertionError("message of " + m.length() + " characters: " + m.substring(0, 200) + "...", e);
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new AssertionError("control character " + (int) c + " in message: " + m, e);
            }
        }
    }

    public static void same(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + " differs:\nexpected " + expected + "\nactual   " + actual);
        }
    }

    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** {@code [off, off + len)} lies inside a buffer of {@code bufferLength} bytes. */
    public static void inside(int off, int len, int bufferLength, String what) {
        if (off < 0 || len < 0 || off > bufferLength - len) {
            throw new AssertionError(what + " [" + off + ", +" + len + ") is outside the buffer of " + bufferLength);
        }
    }
}
