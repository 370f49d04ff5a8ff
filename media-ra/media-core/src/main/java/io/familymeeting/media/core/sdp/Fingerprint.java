package io.familymeeting.media.core.sdp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code a=fingerprint:<hash-func> <hex:hex:...>} (RFC 8122 §5): the hash of a DTLS
 * certificate. The algorithm is kept in lower case and the value in upper-case hex with
 * colons, the form both browsers write; {@link #bytes()} gives the raw hash.
 */
public record Fingerprint(String algorithm, String value) {
    public Fingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        value = value.toUpperCase(Locale.ROOT);
        checkHex(value);
    }

    /** A fingerprint from an algorithm name and the raw hash bytes. */
    public static Fingerprint of(String algorithm, byte[] hash) {
        return new Fingerprint(algorithm, HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash));
    }

    /** Parses the attribute value, e.g. {@code sha-256 BF:56:...}. */
    static Fingerprint parse(String text) {
        var tokens = Tokens.split(text);
        if (tokens.size() != 2) {
            throw new SyntaxError("fingerprint must be '<hash function> <hex bytes separated by colons>'");
        }
        if (!Tokens.isToken(tokens.get(0))) {
            throw new SyntaxError("fingerprint hash function '" + Tokens.shorten(tokens.get(0)) + "' is not a token");
        }
        return new Fingerprint(tokens.get(0), tokens.get(1));
    }

    private static void checkHex(String v) {
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
        if (v.isEmpty() || (v.length() + 1) % 3 != 0) {
            throw new SyntaxError("fingerprint value must be hex byte pairs separated by colons");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                throw new SyntaxError("fingerprint value must be hex byte pairs separated by colons");
            }
        }
    }

    /** The hash bytes (a fresh copy). */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    public String attributeValue() {
        return algorithm + " " + value;
    }
}
