package io.familymeeting.media.core.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CIDR blocks: parsing (never DNS), canonical text, membership, and the errors bad input gets. */
class NetworkBlockTest {

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
            "127.0.0.0/8,       127.0.0.1,        true",
            "127.0.0.0/8,       127.255.255.254,  true",
            "127.0.0.0/8,       128.0.0.1,        false",
            "192.168.1.0/24,    192.168.1.77,     true",
            "192.168.1.0/24,    192.168.2.1,      false",
            "10.1.2.3,          10.1.2.3,         true",
            "10.1.2.3,          10.1.2.4,         false",
            "0.0.0.0/0,         203.0.113.9,      true",
            "0.0.0.0/0,         2001:db8::1,      false",
            "::1,               ::1,              true",
            "::1/128,           ::2,              false",
            "fe80::/10,         fe80::1:2,        true",
            "fe80::/10,         febf::1,          true",
            "fe80::/10,         fec0::1,          false",
            "2001:db8::/32,     2001:db8:1::5,    true",
            "2001:db8::/32,     127.0.0.1,        false",
    })
    void membership(String block, String address, boolean contained) throws Exception {
        assertThat(NetworkBlock.parse(block).contains(InetAddress.getByName(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "' 10.0.0.0/8 ', 10.0.0.0/8",
            "10.0.0.7,       10.0.0.7/32",
            "::1,            ::1/128",
            "FE80::/10,      fe80::/10",
            "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
            "fd00:ec2:0:0:0:0:0:254, fd00:ec2::254/128",
            "::/0,           ::/0",
    })
    void canonicalText(String text, String canonical) {
        assertThat(NetworkBlock.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "camera.local          | is not an address or CIDR block",
            "localhost/8           | is not an address or CIDR block",
            "10.0.0.256/32         | is not an address or CIDR block",
            "10.0.0/24             | is not an address or CIDR block",
            "::ffff:10.0.0.0/104   | is not an address or CIDR block",
            "fe80::1%eth0/64       | is not an address or CIDR block",
            "10.0.0.0/33           | the prefix length must be 0..32",
            "10.0.0.0/x            | the prefix length must be 0..32",
            "fd00::/129            | the prefix length must be 0..128",
            "10.0.0.1/8            | has bits set after the /8 prefix: did you mean 10.0.0.0/8?",
            "fe80::1/10            | did you mean fe80::/10?",
    })
    void badBlocksSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> NetworkBlock.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void listsAreCommaSeparatedAndMayBeEmpty() {
        assertThat(NetworkBlock.parseList("")).isEmpty();
        assertThat(NetworkBlock.parseList(null)).isEmpty();
        assertThat(NetworkBlock.parseList(" 127.0.0.1/32, ,::1 ,192.168.0.0/16"))
                .containsExactly(NetworkBlock.parse("127.0.0.1"), NetworkBlock.parse("::1"), NetworkBlock.parse("192.168.0.0/16"));
    }
}
