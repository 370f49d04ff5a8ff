package io.familymeeting.media.core.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as carried in SDP {@code a=fingerprint:<hash-func> <AB:CD:...>}
 * (RFC 8122 §5): the hash function's SDP name and the digest of the DER certificate.
 * Supports sha-1, sha-224, sha-256, sha-384 and sha-512 (md2 / md5 are refused). It does not
 * parse the whole SDP attribute line ({@code a=fingerprint:} prefix): that is the SDP layer's job.
 */
public final class DtlsFingerprint {
    private final String algorithm;
    private final byte[] value;

    private DtlsFingerprint(String algorithm, byte[] value) {
        this.algorithm = algorithm;
        this.value = value;
    }

    /**
     * @param algorithm the SDP hash function name, case-insensitive ("sha-256")
     * @param value     the digest bytes; its length must match the algorithm
     */
    public static DtlsFingerprint of(String algorithm, byte[] value) {
        String alg = normalize(algorithm);
        Objects.requireNonNull(value, "value");
        int expected = newDigest(alg).getDigestLength();
        if (value.length != expected) {
            throw new IllegalArgumentException(alg + " fingerprint must be " + expected
                    + " bytes, got " + value.length);
        }
        return new DtlsFingerprint(alg, value.clone());
    }

    /** Parses the upper- or lower-case hex form with colons, "AB:CD:..." (RFC 8122 §5). */
    public static DtlsFingerprint parse(String algorithm, String hex) {
        Objects.requireNonNull(hex, "hex");
        String[] parts = hex.trim().split(":", -1);
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() != 2 || Character.digit(p.charAt(0), 16) < 0 || Character.digit(p.charAt(1), 16) < 0) {
                throw new IllegalArgumentException("bad fingerprint byte '" + p + "' in " + hex);
            }
            bytes[i] = (byte) Integer.parseInt(p, 16);
        }
        return of(algorithm, bytes);
    }

    /** Parses the attribute value "sha-256 AB:CD:..." (what follows {@code a=fingerprint:}). */
    public static DtlsFingerprint parseAttributeValue(String attributeValue) {
        String v = Objects.requireNonNull(attributeValue, "attributeValue").trim();
        int space = v.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("fingerprint attribute needs '<hash-func> <fingerprint>': " + v);
        }
        return parse(v.substring(0, space), v.substring(space + 1));
    }

    /** The fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint compute(String algorithm, byte[] certificateDer) {
        String alg = normalize(algorithm);
        return new DtlsFingerprint(alg, newDigest(alg).digest(certificateDer));
    }

    /** Whether this fingerprint is the digest of the given DER certificate (constant-time compare). */
    public boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(value, newDigest(algorithm).digest(certificateDer));
    }

    /** Whether any of the fingerprints matches the certificate. */
    public static boolean anyMatches(List<DtlsFingerprint> fingerprints, byte[] certificateDer) {
        boolean match = false;
        for (DtlsFingerprint f : fingerprints) {
            match |= f.matches(certificateDer);
        }
        return match;
    }

    public static boolean isSupported(String algorithm) {
        try {
            normalize(algorithm);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The SDP hash function name, lower case ("sha-256"). */
    public String algorithm() {
        return algorithm;
    }

    public byte[] value() {
        return value.clone();
    }

    /** "AB:CD:..." upper-case hex, as written in SDP. */
    public String hex() {
        StringBuilder sb = new StringBuilder(value.length * 3);
        for (int i = 0; i < value.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((value[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(value[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    /** "sha-256 AB:CD:...", the value of {@code a=fingerprint:}. */
    public String toAttributeValue() {
        return algorithm + " " + hex();
    }

    private static String normalize(String algorithm) {
        String a = Objects.requireNonNull(algorithm, "algorithm").trim().toLowerCase(Locale.ROOT);
        switch (a) {
            case "sha-1":
            case "sha-224":
            case "sha-256":
            case "sha-384":
            case "sha-512":
                return a;
            default:
                throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
    }

    /** RFC 8122 names map onto JCA names by upper-casing ("sha-256" -> "SHA-256"). */
    private static MessageDigest newDigest(String normalizedAlgorithm) {
        try {
            return MessageDigest.getInstance(normalizedAlgorithm.toUpperCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JCA lacks " + normalizedAlgorithm, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && f.algorithm.equals(algorithm) && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return toAttributeValue();
    }
}
