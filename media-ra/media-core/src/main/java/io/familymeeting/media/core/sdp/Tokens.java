package io.familymeeting.media.core.sdp;

import io.familymeeting.media.core.util.Excerpt;

import java.util.ArrayList;
import java.util.List;

/**
 * Small lexical helpers shared by the value parsers (RFC 8866 §9 token rules). Only
 * {@link #shorten} is public, for the answerer's messages; the splitting, number and token
 * checks stay with the parsers of this package.
 */
public final class Tokens {
    private Tokens() {
    }

    /** Splits on single or repeated spaces; leading/trailing spaces are ignored. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out;
    }

    static long parseLong(String token, long min, long max, String what) {
        if (token.isEmpty() || token.length() > 19) {
            throw new SyntaxError(what + " '" + shorten(token) + "' is not a number");
        }
        long v = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new SyntaxError(what + " '" + shorten(token) + "' is not a number");
            }
            if (v > (max - (c - '0')) / 10) {
                throw new SyntaxError(what + " " + shorten(token) + " is out of range " + min + ".." + max);
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                throw new SyntaxError(what + " " + shorten(token) + " is out of range " + min + ".." + max);
            }
        }
        if (v < min) {
            throw new SyntaxError(what + " " + token + " is out of range " + min + ".." + max);
        }
        return v;
    }

    static int parseInt(String token, int min, int max, String what) {
        return (int) parseLong(token, min, max, what);
    }

    /** RFC 8866 token-char: visible ASCII except a few separators. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
                    || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A short, printable excerpt of user input for an error message. */
    public static String shorten(String s) {
        return Excerpt.of(s);
    }
}
