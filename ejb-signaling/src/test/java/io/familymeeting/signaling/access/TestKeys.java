package io.familymeeting.signaling.access;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** EC key pairs made for a test, and their PEM text as an operator would paste it. */
final class TestKeys {
    static final String SECRET = "a-test-secret-of-more-than-32-bytes-0123456789";

    private TestKeys() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p256() {
        return ec("secp256r1");
    }

    /** PKCS#8 for private keys, X.509 SubjectPublicKeyInfo for public ones. */
    static String pem(String label, Key key) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }
}
