package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which remote candidate addresses ICE may use, by range, allow list and bind address. */
class CandidateNetworksTest {
    private static final InetAddress ANY = IpLiteral.parse("0.0.0.0");
    private static final CandidateNetworks DEFAULTS = CandidateNetworks.of(List.of(), false, ANY);
    private static final CandidateNetworks NO_PRIVATE = CandidateNetworks.of(List.of(), true, ANY);
    private static final CandidateNetworks LISTED = CandidateNetworks.of(
            List.of("127.0.0.1/32", "10.20.0.0/16", "fd00:1::/32", "169.254.7.7"), true, ANY);

    @ParameterizedTest(name = "{0}: default {1}, private refused {2}, with the list {3}")
    @CsvSource({
            // address,           default, no private, listed
            "203.0.113.7,          true,    true,      true",   // documentation range: an ordinary address here
            "8.8.8.8,              true,    true,      true",
            "2001:db8::1,          true,    true,      true",
            "0.0.0.0,              false,   false,     false",  // unspecified
            "0.1.2.3,              false,   false,     false",  // "this network"
            "::,                   false,   false,     false",
            "::7f00:1,             false,   false,     false",  // IPv4-compatible (deprecated)
            "127.0.0.1,            false,   false,     true",   // loopback
            "127.0.0.2,            false,   false,     false",
            "::1,                  false,   false,     false",
            "::ffff:127.0.0.1,     false,   false,     true",   // IPv4-mapped: the IPv4 address
            "169.254.169.254,      false,   false,     false",  // link-local (cloud metadata)
            "169.254.7.7,          false,   false,     true",
            "fe80::1,              false,   false,     false",
            "224.0.0.251,          false,   false,     false",  // multicast
            "239.255.255.250,      false,   false,     false",
            "ff02::1,              false,   false,     false",
            "255.255.255.255,      false,   false,     false",  // broadcast
            "240.0.0.1,            false,   false,     false",  // reserved
            "10.0.0.5,             true,    false,     false",  // private
            "10.20.3.4,            true,    false,     true",
            "172.16.0.1,           true,    false,     false",
            "172.31.255.255,       true,    false,     false",
            "172.32.0.1,           true,    true,      true",   // just outside 172.16/12
            "192.168.1.10,         true,    false,     false",
            "100.64.0.1,           true,    false,     false",  // shared address space (CGNAT)
            "fd00:1::5,            true,    false,     true",   // unique local
            "fc00::5,              true,    false,     false",
    })
    void ranges(String address, boolean byDefault, boolean withoutPrivate, boolean withList) {
        assertThat(DEFAULTS.allows(address)).as("default").isEqualTo(byDefault);
        assertThat(NO_PRIVATE.allows(address)).as("private refused").isEqualTo(withoutPrivate);
        assertThat(LISTED.allows(address)).as("with the list").isEqualTo(withList);
    }

    @Test
    void namesAndNonsenseAreNeverAllowed() {
        assertThat(DEFAULTS.allows("3a5b1c2d-1111-2222-3333-444455556666.local")).isFalse();
        assertThat(DEFAULTS.allows("example.com")).isFalse();
        assertThat(DEFAULTS.allows("")).isFalse();
        assertThat(DEFAULTS.allows((String) null)).isFalse();
        assertThat(DEFAULTS.allows((InetAddress) null)).isFalse();
    }

    @Test
    void aPortBoundToLoopbackAllowsLoopbackUnlessNetworksAreListed() {
        CandidateNetworks v4 = CandidateNetworks.of(List.of(), false, IpLiteral.parse("127.0.0.1"));
        assertThat(v4.allows("127.0.0.1")).isTrue();
        assertThat(v4.allows("127.0.0.2")).isTrue();
        assertThat(v4.allows("::1")).isFalse();
        assertThat(v4.allowed()).containsExactly("127.0.0.0/8");
        CandidateNetworks v6 = CandidateNetworks.of(List.of(), false, IpLiteral.parse("::1"));
        assertThat(v6.allows("::1")).isTrue();
        assertThat(v6.allows("127.0.0.1")).isFalse();
        CandidateNetworks listed = CandidateNetworks.of(List.of("127.0.0.1/32"), false, IpLiteral.parse("127.0.0.1"));
        assertThat(listed.allows("127.0.0.1")).isTrue();
        assertThat(listed.allows("127.0.0.2")).as("an explicit list replaces the implicit loopback").isFalse();
        assertThat(CandidateNetworks.of(List.of(), false, IpLiteral.parse("192.168.1.2")).allows("127.0.0.1")).isFalse();
    }

    @Test
    void prefixesOfEveryLength() {
        CandidateNetworks n = CandidateNetworks.of(List.of("0.0.0.0/0", "::/0"), true, ANY);
        assertThat(n.allows("127.0.0.1")).isTrue();
        assertThat(n.allows("fe80::1")).isTrue();
        CandidateNetworks odd = CandidateNetworks.of(List.of("127.0.0.128/25"), false, ANY);
        assertThat(odd.allows("127.0.0.127")).isFalse();
        assertThat(odd.allows("127.0.0.128")).isTrue();
        assertThat(odd.allows("127.0.0.255")).isTrue();
    }

    @Test
    void aBlockWithBitsAfterItsPrefixIsRefusedAsForCameras() {
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("127.0.0.0/0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did you mean 0.0.0.0/0?");
    }

    @Test
    void badNetworksSayWhich() {
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("10.0.0.0/8", "10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/33'")
                .hasMessageContaining("0..32");
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("fd00::/129"))).hasMessageContaining("0..128");
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("intranet"))).hasMessageContaining("'intranet'");
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("10.0.0.0/x"))).hasMessageContaining("'10.0.0.0/x'");
        assertThatThrownBy(() -> CandidateNetworks.validate(List.of("10.0.0/8"))).hasMessageContaining("'10.0.0/8'");
    }
}
