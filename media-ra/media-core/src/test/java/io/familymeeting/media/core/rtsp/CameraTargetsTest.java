package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.net.NetworkBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The camera target rules as a table: each refused kind of address (with the rule that
 * refuses it), the LAN and public addresses that pass, CAMERA_ALLOWED_NETWORKS overriding a
 * rule, this server's own addresses, and host names (the first allowed address is the one
 * connected to; a refusal names the rule and the setting).
 */
class CameraTargetsTest {
    /** This server's addresses in these tests: a LAN address and a public one it advertises. */
    private static final List<String> OWN = List.of("192.168.7.10", "203.0.113.50", "2001:db8::50");

    private static CameraTargets targets(String allowed, Map<String, String> dns) {
        List<InetAddress> own = new ArrayList<>();
        for (String o : OWN) {
            own.add(address(o));
        }
        return new CameraTargets(NetworkBlock.parseList(allowed), () -> own, host -> {
            String answer = dns.get(host);
            if (answer == null && NetworkBlock.literal(host) == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : (answer == null ? host : answer).split(" ")) {
                out.add(address(a));
            }
            return out.toArray(InetAddress[]::new);
        });
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByAddress(NetworkBlock.literal(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "0.0.0.0,           UNSPECIFIED",
            "0.1.2.3,           UNSPECIFIED",
            "::,                UNSPECIFIED",
            "127.0.0.1,         LOOPBACK",
            "127.8.9.10,        LOOPBACK",
            "::1,               LOOPBACK",
            "169.254.169.254,   METADATA",
            "fd00:ec2::254,     METADATA",
            "169.254.1.1,       LINK_LOCAL",
            "fe80::1,           LINK_LOCAL",
            "febf:ffff::1,      LINK_LOCAL",
            "224.0.0.1,         MULTICAST",
            "239.255.255.250,   MULTICAST",
            "ff02::1,           MULTICAST",
            "ff0e::1234,        MULTICAST",
            "255.255.255.255,   BROADCAST",
            "192.168.7.10,      OWN",
            "203.0.113.50,      OWN",
            "2001:db8::50,      OWN",
            "::127.0.0.1,       LOOPBACK",
            "::169.254.169.254, METADATA",
            "::ffff:127.0.0.1,  LOOPBACK",
            "192.168.7.11,      ",
            "10.0.0.20,         ",
            "172.16.5.5,        ",
            "100.64.0.1,        ",
            "203.0.113.7,       ",
            "fd12:3456::7,      ",
            "2001:db8::7,       ",
    })
    void eachKindOfAddressIsRefusedByItsRule(String literal, CameraTargets.Rule rule) throws Exception {
        assertThat(targets("", Map.of()).refusal(InetAddress.getByName(literal))).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{1} allows {0}")
    @CsvSource({
            "127.0.0.1,       127.0.0.0/8",
            "127.0.0.1,       127.0.0.1/32",
            "::1,             ::1",
            "169.254.10.20,   169.254.10.0/24",
            "192.168.7.10,    192.168.7.10",
            "fe80::1,         fe80::/10",
            "169.254.169.254, 0.0.0.0/0",
    })
    void allowedNetworksOverrideTheRules(String literal, String allowed) throws Exception {
        InetAddress a = InetAddress.getByName(literal);
        assertThat(targets("", Map.of()).refusal(a)).isNotNull();
        assertThat(targets(allowed, Map.of()).refusal(a)).isNull();
    }

    @Test
    void anAllowedBlockDoesNotAllowMoreThanItHolds() throws Exception {
        CameraTargets t = targets("127.0.0.1/32", Map.of());
        assertThat(t.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(t.refusal(InetAddress.getByName("127.0.0.2"))).isEqualTo(CameraTargets.Rule.LOOPBACK);
        assertThat(t.refusal(InetAddress.getByName("::1"))).isEqualTo(CameraTargets.Rule.LOOPBACK);
    }

    @Test
    void aRefusedLiteralNamesTheRuleAndTheSetting() {
        assertThatThrownBy(() -> targets("", Map.of()).check("127.0.0.1", 554))
                .isInstanceOf(CameraFailure.class)
                .hasMessage("127.0.0.1 is a loopback address; list it in CAMERA_ALLOWED_NETWORKS to allow it")
                .satisfies(e -> assertThat(((CameraFailure) e).permanent).isTrue());
        assertThatThrownBy(() -> targets("", Map.of()).check("fe80::1", 554))
                .hasMessage("fe80::1 is a link-local address; list it in CAMERA_ALLOWED_NETWORKS to allow it");
    }

    @Test
    void aRefusedNameSaysWhatItResolvesTo() {
        CameraTargets t = targets("", Map.of("metadata.google.internal", "169.254.169.254", "cam.lan", "10.0.0.9"));
        assertThatThrownBy(() -> t.check("metadata.google.internal", 80))
                .hasMessage("metadata.google.internal resolves to 169.254.169.254, the cloud metadata address;"
                        + " list it in CAMERA_ALLOWED_NETWORKS to allow it");
    }

    @Test
    void theAddressConnectedToIsTheCheckedOne() throws Exception {
        CameraTargets t = targets("", Map.of("cam.lan", "10.0.0.9", "mixed.example", "127.0.0.1 10.0.0.9 ::1"));
        assertThat(t.check("cam.lan", 8554)).isEqualTo(new InetSocketAddress(InetAddress.getByName("10.0.0.9"), 8554));
        assertThat(t.check("mixed.example", 554).getAddress().getHostAddress())
                .as("the first address the rules allow, not the first one DNS gave").isEqualTo("10.0.0.9");
    }

    @Test
    void anUnknownHostIsRetriedNotRefused() {
        assertThatThrownBy(() -> targets("", Map.of()).check("no-such-camera.invalid", 554))
                .isInstanceOf(CameraFailure.class).hasMessage("unknown host no-such-camera.invalid")
                .satisfies(e -> assertThat(((CameraFailure) e).permanent).isFalse());
    }

    @Test
    void thisMachinesInterfaceAddressesAndTheAdvertisedOnesAreOwn() throws Exception {
        CameraTargets t = CameraTargets.of(List.of(), List.of("198.51.100.77", "0.0.0.0", "not-an-address"));
        assertThat(t.refusal(InetAddress.getByName("198.51.100.77"))).isEqualTo(CameraTargets.Rule.OWN);
        assertThat(t.refusal(InetAddress.getByName("198.51.100.78"))).isNull();
        assertThat(t.refusal(InetAddress.getLoopbackAddress())).isEqualTo(CameraTargets.Rule.LOOPBACK);
    }
}
