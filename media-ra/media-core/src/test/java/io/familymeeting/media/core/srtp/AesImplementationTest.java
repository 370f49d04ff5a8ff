package io.familymeeting.media.core.srtp;

import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jitsi-srtp's OpenSSL AES is used whenever its library loads; the timing run only without it. */
class AesImplementationTest {

    @Test
    void openSslWhenItsLibraryLoads() {
        SrtpSession.warmUp();
        AesImplementation.Choice expected = JitsiOpenSslProvider.isLoaded()
                ? AesImplementation.Choice.OPENSSL : AesImplementation.Choice.JITSI_BENCHMARK;
        assertThat(AesImplementation.choice()).isEqualTo(expected);
    }
}
