package io.familymeeting.signaling.access;

import com.nimbusds.jose.jwk.Curve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the ES256 key pair of join tokens from settings that hold PEM text or the path of
 * a PEM file: the private key as PKCS#8 ({@code BEGIN PRIVATE KEY}), the public key as
 * X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), both on curve P-256 (RFC 7518
 * section 3.4: ES256 is ECDSA with P-256 and SHA-256). Every refusal names the setting and
 * says what to give instead. Does not check that the two keys belong together
 * ({@link TokenKeys} does).
 */
final class PemKeys {
    private static final String BEGIN = "-----BEGIN ";

    private PemKeys() {
    }

    static ECPrivateKey privateKey(String setting, String value) {
        String pem = text(setting, value);
        if (pem.contains(BEGIN + "EC PRIVATE KEY")) {
            throw new IllegalStateException(setting + " holds a SEC1 'EC PRIVATE KEY'; give it as PKCS#8"
                    + " ('BEGIN PRIVATE KEY'): openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        byte[] der = body(setting, pem, "PRIVATE KEY");
        try {
            return requireP256(setting, (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(setting + " is not an EC private key (" + e.getMessage() + ")", e);
        }
    }

    static ECPublicKey publicKey(String setting, String value) {
        byte[] der = body(setting, text(setting, value), "PUBLIC KEY");
        try {
            return requireP256(setting, (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(setting + " is not an EC public key (" + e.getMessage() + ")", e);
        }
    }

    /** The PEM text itself, or the text of the file the value names. */
    private static String text(String setting, String value) {
        if (value.contains(BEGIN)) {
            // An environment variable may carry the line breaks as the two characters \n.
            return value.replace("\\n", "\n");
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(setting + " is neither PEM text nor the path of a readable file ('" + value + "')");
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(setting + ": cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] body(String setting, String pem, String label) {
        String begin = BEGIN + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, from + 1);
        if (from < 0 || to < 0) {
            throw new IllegalStateException(setting + " has no '" + begin + "' ... '" + end + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": the PEM block is not base64 (" + e.getMessage() + ")", e);
        }
    }

    private static <K extends ECKey> K requireP256(String setting, K key) {
        if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
            throw new IllegalStateException(setting + " is not on curve P-256, which ES256 needs"
                    + " (openssl ecparam -name prime256v1 -genkey)");
        }
        return key;
    }
}
