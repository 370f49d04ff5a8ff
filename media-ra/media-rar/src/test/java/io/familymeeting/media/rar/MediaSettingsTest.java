package io.familymeeting.media.rar;

import io.familymeeting.media.core.EngineConfig;
import io.familymeeting.media.core.ice.ReceiveLoops;
import io.familymeeting.media.core.room.Budgets;
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
    void forwardingThreadsDefaultToTheCoresAndAreBounded() {
        EngineConfig defaults = new MediaSettings(k -> null).engineConfig(new MediaResourceAdapter());
        assertThat(defaults.forwardingThreads()).isEqualTo(ReceiveLoops.defaultThreads())
                .isBetween(1, ReceiveLoops.MAX_THREADS);
        assertThat(new MediaSettings(Map.of("MEDIA_FORWARDING_THREADS", " 3 ")::get)
                .engineConfig(new MediaResourceAdapter()).forwardingThreads()).isEqualTo(3);
        for (String bad : List.of("0", "-1", "65")) {
            assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_FORWARDING_THREADS", bad)::get)
                    .engineConfig(new MediaResourceAdapter()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("MEDIA_FORWARDING_THREADS must be 1 to 64, not " + bad);
        }
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_FORWARDING_THREADS", "four")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("MEDIA_FORWARDING_THREADS").hasMessageContaining("'four'");
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
    void candidateNetworks() {
        EngineConfig defaults = new MediaSettings(k -> null).engineConfig(new MediaResourceAdapter());
        assertThat(defaults.allowedCandidateNetworks()).isEmpty();
        assertThat(defaults.blockPrivateCandidates()).isFalse();
        EngineConfig set = new MediaSettings(Map.of("MEDIA_ALLOWED_CANDIDATE_NETWORKS", " 127.0.0.0/8, fd00::/8 ,",
                "MEDIA_BLOCK_PRIVATE_CANDIDATES", "true")::get).engineConfig(new MediaResourceAdapter());
        assertThat(set.allowedCandidateNetworks()).containsExactly("127.0.0.0/8", "fd00::/8");
        assertThat(set.blockPrivateCandidates()).isTrue();
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_ALLOWED_CANDIDATE_NETWORKS", "10.0.0.0/33")::get)
                .engineConfig(new MediaResourceAdapter()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MEDIA_ALLOWED_CANDIDATE_NETWORKS").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_ALLOWED_CANDIDATE_NETWORKS", "intranet.local")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("MEDIA_ALLOWED_CANDIDATE_NETWORKS").hasMessageContaining("intranet.local");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_BLOCK_PRIVATE_CANDIDATES", "yes")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("MEDIA_BLOCK_PRIVATE_CANDIDATES");
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

    @Test
    void budgetsHaveDefaultsAndComeFromTheEnvironment() {
        assertThat(new MediaSettings(k -> null).engineConfig(new MediaResourceAdapter()).budgets())
                .isEqualTo(Budgets.defaults());
        Map<String, String> env = Map.of("MEDIA_MAX_AUDIO_SLOTS", "2", "MEDIA_MAX_VIDEO_SLOTS", "3",
                "MEDIA_MAX_MLINES", "9", "MEDIA_MAX_ROOM_PARTICIPANTS", "40", "MEDIA_MAX_PARTICIPANTS", "120",
                "MEDIA_MAX_TRANSPORTS_PER_ADDRESS", "7", "MEDIA_MAX_ROOM_CAMERAS", "2");
        assertThat(new MediaSettings(env::get).engineConfig(new MediaResourceAdapter()).budgets())
                .isEqualTo(new Budgets(2, 3, 9, 40, 120, 7, 2));
    }

    @Test
    void budgetsOutOfRangeSayWhich() {
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_MAX_PARTICIPANTS", "0")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessage("MEDIA_MAX_PARTICIPANTS must be at least 1, not 0");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_MAX_VIDEO_SLOTS", "-1")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessage("MEDIA_MAX_VIDEO_SLOTS must be at least 0, not -1");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_MAX_AUDIO_SLOTS", "0", "MEDIA_MAX_VIDEO_SLOTS", "0")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("must not both be 0");
        assertThatThrownBy(() -> new MediaSettings(Map.of("MEDIA_MAX_MLINES", "many")::get)
                .engineConfig(new MediaResourceAdapter()))
                .hasMessageContaining("MEDIA_MAX_MLINES").hasMessageContaining("'many'");
    }
}
