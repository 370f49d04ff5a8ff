package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

import java.util.logging.Logger;

/**
 * Fixes jitsi-srtp's AES implementation once per JVM, before its first cipher is made.
 *
 * <p>Left alone, jitsi-srtp times OpenSSL, SunJCE and BouncyCastle for about a second on first
 * use and keeps whichever was fastest in that moment. On a busy machine that can be SunJCE,
 * whose AES-GCM and AES-CTR copy a packet encrypted in place (about 1 kB of garbage per
 * packet and per viewer, measured with benchmarks/FanOutBenchmark) and are slower in steady
 * state. So when jitsi-srtp's OpenSSL library loads, it is used, without the timing run;
 * otherwise jitsi-srtp chooses as before.
 *
 * <p>It does not select a cipher per profile, and it never loads a library itself.
 */
final class AesImplementation {
    private static final Logger LOG = Logger.getLogger(AesImplementation.class.getName());

    /** What was chosen. */
    enum Choice { OPENSSL, JITSI_BENCHMARK }

    private static final Choice CHOICE = choose();

    private AesImplementation() {
    }

    /** The choice made for this JVM (made on first call, before any SRTP cipher exists). */
    static Choice choice() {
        return CHOICE;
    }

    private static Choice choose() {
        try {
            if (JitsiOpenSslProvider.isLoaded()) {
                Aes.setFactoryClassName(Aes.OpenSSLCipherFactory.class.getName());
                LOG.fine("SRTP uses OpenSSL's AES (jitsi-srtp native library)");
                return Choice.OPENSSL;
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.fine(() -> "jitsi-srtp's OpenSSL library is not usable: " + e);
        }
        LOG.info("jitsi-srtp's OpenSSL library is not loaded: SRTP uses the fastest JCE AES provider");
        return Choice.JITSI_BENCHMARK;
    }
}
