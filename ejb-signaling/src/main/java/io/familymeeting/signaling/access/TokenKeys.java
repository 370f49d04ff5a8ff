package io.familymeeting.signaling.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import io.familymeeting.signaling.config.Setting;
import io.familymeeting.signaling.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * The key join tokens are signed and verified with, from the settings: HS256 with
 * {@code ACCESS_TOKEN_SECRET} (RFC 7518 section 3.2: the key must be at least as long as
 * the hash, 32 bytes), or ES256 with {@code ACCESS_TOKEN_PRIVATE_KEY} and
 * {@code ACCESS_TOKEN_PUBLIC_KEY} ({@link PemKeys}); the public key alone verifies tokens
 * made elsewhere and signs none. One algorithm per server: a token signed with any other is
 * refused ({@link JoinTokens}). Not the claims (JoinTokens' part).
 */
public final class TokenKeys {
    /** RFC 7518 section 3.2: a key of the same size as the hash output (256 bits) or larger. */
    static final int MIN_SECRET_BYTES = 32;

    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final JWSVerifier verifier;
    private final String source;

    private TokenKeys(JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier, String source) {
        this.algorithm = algorithm;
        this.signer = signer;
        this.verifier = verifier;
        this.source = source;
    }

    /** HS256 with a shared secret of at least 32 bytes (its UTF-8 encoding). */
    public static TokenKeys hs256(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("ACCESS_TOKEN_SECRET is " + key.length + " bytes; it must be at least "
                    + MIN_SECRET_BYTES + " (e.g. openssl rand -base64 48)");
        }
        try {
            return new TokenKeys(JWSAlgorithm.HS256, new MACSigner(key), new MACVerifier(key), "HS256 (ACCESS_TOKEN_SECRET)");
        } catch (JOSEException e) {
            throw new IllegalStateException("ACCESS_TOKEN_SECRET: " + e.getMessage(), e);
        }
    }

    /** ES256; without a private key this server only verifies. */
    public static TokenKeys es256(ECPrivateKey privateKey, ECPublicKey publicKey) {
        try {
            JWSSigner signer = privateKey == null ? null : new ECDSASigner(privateKey);
            TokenKeys keys = new TokenKeys(JWSAlgorithm.ES256, signer, new ECDSAVerifier(publicKey),
                    privateKey == null ? "ES256, verify only (ACCESS_TOKEN_PUBLIC_KEY)"
                            : "ES256 (ACCESS_TOKEN_PRIVATE_KEY / ACCESS_TOKEN_PUBLIC_KEY)");
            if (signer != null && !keys.signsWhatItVerifies()) {
                throw new IllegalStateException("ACCESS_TOKEN_PRIVATE_KEY and ACCESS_TOKEN_PUBLIC_KEY are not one key pair");
            }
            return keys;
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 key: " + e.getMessage(), e);
        }
    }

    /** The configured key, or empty when none of the three settings is set. */
    public static Optional<TokenKeys> from(Settings settings) {
        String secret = settings.get(Setting.ACCESS_TOKEN_SECRET);
        String privateKey = settings.get(Setting.ACCESS_TOKEN_PRIVATE_KEY);
        String publicKey = settings.get(Setting.ACCESS_TOKEN_PUBLIC_KEY);
        if (!secret.isEmpty() && !(privateKey.isEmpty() && publicKey.isEmpty())) {
            throw new IllegalStateException("set ACCESS_TOKEN_SECRET (HS256) or ACCESS_TOKEN_PRIVATE_KEY /"
                    + " ACCESS_TOKEN_PUBLIC_KEY (ES256), not both");
        }
        if (!secret.isEmpty()) {
            return Optional.of(hs256(secret));
        }
        if (!privateKey.isEmpty() && publicKey.isEmpty()) {
            throw new IllegalStateException("ACCESS_TOKEN_PRIVATE_KEY needs ACCESS_TOKEN_PUBLIC_KEY, the pair's public key");
        }
        if (publicKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(es256(privateKey.isEmpty() ? null : PemKeys.privateKey("ACCESS_TOKEN_PRIVATE_KEY", privateKey),
                PemKeys.publicKey("ACCESS_TOKEN_PUBLIC_KEY", publicKey)));
    }

    private boolean signsWhatItVerifies() throws JOSEException {
        JWSObject probe = new JWSObject(new JWSHeader(algorithm), new Payload("key pair check"));
        probe.sign(signer);
        return probe.verify(verifier);
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** True when this server can make tokens (HS256, or ES256 with the private key). */
    public boolean canSign() {
        return signer != null;
    }

    JWSSigner signer() {
        return signer;
    }

    JWSVerifier verifier() {
        return verifier;
    }

    /** For the log: which algorithm and which settings. */
    @Override
    public String toString() {
        return source;
    }
}
