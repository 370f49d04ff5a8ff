package io.familymeeting.media.core.srtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 5764 §4.2 exporter layout and role-dependent key assignment. */
class SrtpMasterKeysTest {

    @Test
    void splitsExporterOutputByRole() {
        // AES128_CM: 16-byte keys, 14-byte salts -> 60 bytes:
        // client key (0x01..) | server key (0x02..) | client salt (0x03..) | server salt (0x04..)
        byte[] km = new byte[60];
        java.util.Arrays.fill(km, 0, 16, (byte) 1);
        java.util.Arrays.fill(km, 16, 32, (byte) 2);
        java.util.Arrays.fill(km, 32, 46, (byte) 3);
        java.util.Arrays.fill(km, 46, 60, (byte) 4);

        SrtpMasterKeys client = SrtpMasterKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, km, true);
        assertThat(client.localKey()).containsOnly(1).hasSize(16);
        assertThat(client.localSalt()).containsOnly(3).hasSize(14);
        assertThat(client.remoteKey()).containsOnly(2);
        assertThat(client.remoteSalt()).containsOnly(4);

        SrtpMasterKeys server = SrtpMasterKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, km, false);
        assertThat(server.localKey()).containsOnly(2);
        assertThat(server.localSalt()).containsOnly(4);
        assertThat(server.remoteKey()).containsOnly(1);
        assertThat(server.remoteSalt()).containsOnly(3);
    }

    @Test
    void gcmUsesTwelveByteSalts() {
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.fromId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0001)).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0002)).isNull();
        assertThatThrownBy(() -> SrtpMasterKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
