package io.familymeeting.media.rar;

import io.familymeeting.media.core.EngineConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaSettingsTest {

    @Test
    void configPropertiesAreTheDefaults() {
        EngineConfig c = new MediaSettings(k -> null).engineConfig(new MediaResourceAdapter());
        assertThat(c.mediaPort()).isEqualTo(10000);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.advertisedAddresses()).isEmpty();
        assertThat(c.receiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.sendLoops()).as("receive and send on one thread by default").isZero();
    }

    @Test
    void experimentRtpSepRwStartsSendLoops() {
        EngineConfig on = new MediaSettings(Map.of("EXPERIMENT_RTP_SEP_RW", " TRUE ")::get).engineConfig(new MediaResourceAdapter());
        assertThat(on.sendLoops()).isBetween(1, 4);
        EngineConfig off = new MediaSettings(Map.of("EXPERIMENT_RTP_SEP_RW", "false")::get).engineConfig(new MediaResourceAdapter());
        assertThat(off.sendLoops()).isZero();
        MediaResourceAdapter ra = new MediaResourceAdapter();
        ra.setSeparateSendThreads(true);
        assertThat(new MediaSettings(k -> null).engineConfig(ra).sendLoops()).as("the config property").isPositive();
        assertThat(new MediaSettings(Map.of("EXPERIMENT_RTP_SEP_RW", "false")::get).engineConfig(ra).sendLoops())
                .as("the environment overrides the config property").isZero();
    }

    @Test
    void experimentRtpSepRwAcceptsOnlyTrueOrFalse() {
        assertThatThrownBy(() -> new MediaSettings(Map.of("EXPERIMENT_RTP_SEP_RW", "yes")::get).engineConfig(new MediaResourceAdapter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EXPERIMENT_RTP_SEP_RW").hasMessageContaining("'yes'");
    }

    @Test
    void environmentOverrides() {
        Map<String, String> env = Map.of("MEDIA_PORT", "10555", "MEDIA_BIND_ADDRESS", "127.0.0.1",
                "MEDIA_ADVERTISED_ADDRESSES", " 203.0.113.7 , 2001:db8::1,", "MEDIA_RECEIVE_BUFFER_BYTES", "1000");
        EngineConfig c = new MediaSettings(env::get).engineConfig(new MediaResourceAdapter());
        assertThat(c.mediaPort()).isEqualTo(10555);
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.advertisedAddresses()).isEqualTo(List.of("203.0.113.7", "2001:db8::1"));
        assertThat(c.receiveBufferBytes()).isEqualTo(1000);
    }

    @Test
    void cameraAllowedNetworksAreCidrBlocks() {
        assertThat(new MediaSettings(k -> null).engineConfig(new MediaResourceAdapter()).cameraAllowedNetworks())
                .as("by default the target rules alone").isEmpty();
        EngineConfig c = new MediaSettings(Map.of("CAMERA_ALLOWED_NETWORKS", "127.0.0.0/8, ::1")::get)
                .engineConfig(new MediaResourceAdapter());
        assertThat(c.cameraAllowedNetworks()).extracting(Object::toString).containsExactly("127.0.0.0/8", "::1/128");
        assertThatThrownBy(() -> new MediaSettings(Map.of("CAMERA_ALLOWED_NETWORKS", "10.0.0.1/8")::get)
                .engineConfig(new MediaResourceAdapter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CAMERA_ALLOWED_NETWORKS: '10.0.0.1/8' has bits set after the /8 prefix");
    }

    @Test
    void badNumbersSayWhich() {
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_PORT", "ten")::get).engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("MEDIA_PORT");
    }
}
