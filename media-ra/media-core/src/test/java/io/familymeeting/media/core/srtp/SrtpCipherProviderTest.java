package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.crypto.Aes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine uses jitsi-srtp's OpenSSL AES when libcrypto 3 is present ({@link AesImplementation}).
 * Hosts without it use a JDK provider, so the libSRTP reference packets are checked on that path too.
 */
class SrtpCipherProviderTest {
    private static final String RTP_PLAIN = "800f1234decafbadcafebabe" + "ab".repeat(16);
    private static final String CM_SRTP = "800f1234decafbadcafebabe"
            + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb";
    private static final String GCM_SRTP = "800f1234decafbadcafebabe"
            + "c5002ede04cfdd2eb91159e0880aa06e" + "d2976826f796b201df3131a127e8a392";

    private Map<String, Object> chosenBefore;
    private Object factoriesBefore;

    /*
     * jitsi-srtp reads the configured factory only when it first builds its private static
     * factory list, and caches its per-transformation choice in a private static map; neither is
     * reset by Aes.setFactoryClassName. The test saves, clears and restores both.
     */
    private static Field field(String name) throws ReflectiveOperationException {
        Field f = Aes.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> chosenFactories() throws ReflectiveOperationException {
        return (Map<String, Object>) field("fastestFactories").get(null);
    }

    @BeforeEach
    void saveProviderChoice() throws Exception {
        // The engine's own choice happens once per JVM; make it now, not inside the test.
        AesImplementation.choice();
        synchronized (Aes.class) {
            chosenBefore = new HashMap<>(chosenFactories());
            factoriesBefore = field("factories").get(null);
            chosenFactories().clear();
            field("factories").set(null, null);
        }
    }

    @AfterEach
    void restoreProviderChoice() throws Exception {
        synchronized (Aes.class) {
            Aes.setFactoryClassName(null);
            field("factories").set(null, factoriesBefore);
            chosenFactories().clear();
            chosenFactories().putAll(chosenBefore);
        }
    }

    /** SunJCE: the JDK's own AES, what runs on a host without OpenSSL 3. */
    @Test
    void referencePacketsWithTheJdkProvider() throws Exception {
        String factory = "org.jitsi.srtp.crypto.Aes$SunJCECipherFactory";
        Aes.setFactoryClassName(factory);
        check(SrtpProfile.AES128_CM_HMAC_SHA1_80, "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6", CM_SRTP);
        check(SrtpProfile.AEAD_AES_128_GCM, "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab", GCM_SRTP);
        assertThat(chosenFactories().get("AES/CTR/NoPadding").getClass().getName()).isEqualTo(factory);
        assertThat(chosenFactories().get("AES/GCM/NoPadding").getClass().getName()).isEqualTo(factory);
    }

    private static void check(SrtpProfile profile, String key, String salt, String expected) {
        byte[] k = Hex.bytes(key);
        byte[] s = Hex.bytes(salt);
        SrtpSession session = new SrtpSession(new SrtpMasterKeys(profile, k, s, k, s));
        byte[] buf = Arrays.copyOf(Hex.bytes(RTP_PLAIN), 28 + 16);
        int len = session.protectRtp(buf, 0, 28);
        assertThat(Hex.string(buf, 0, len)).isEqualTo(expected);
        assertThat(session.unprotectRtp(buf, 0, len)).isEqualTo(28);
        assertThat(Hex.string(buf, 0, 28)).isEqualTo(RTP_PLAIN);
    }
}
