package io.familymeeting.media.core.room;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SourceAddressesTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void anIpv4AddressHoldsUpToTheLimitAndGetsRoomBackOnRelease() throws Exception {
        SourceAddresses a = new SourceAddresses(2);
        assertThat(a.claim(ip("203.0.113.7"))).isTrue();
        assertThat(a.claim(ip("203.0.113.7"))).isTrue();
        assertThat(a.claim(ip("203.0.113.7"))).as("a third from the same address").isFalse();
        assertThat(a.count(ip("203.0.113.7"))).as("a refused claim counts nothing").isEqualTo(2);
        assertThat(a.claim(ip("203.0.113.8"))).as("another address").isTrue();
        a.release(ip("203.0.113.7"));
        assertThat(a.claim(ip("203.0.113.7"))).isTrue();
        a.release(ip("198.51.100.1"));
        assertThat(a.count(ip("198.51.100.1"))).as("releasing an address never claimed changes nothing").isZero();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() throws Exception {
        SourceAddresses a = new SourceAddresses(2);
        assertThat(a.claim(ip("2001:db8:1:2::10"))).isTrue();
        assertThat(a.claim(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isTrue();
        assertThat(a.claim(ip("2001:db8:1:2:ffff::1"))).as("same /64, any interface id").isFalse();
        assertThat(a.claim(ip("2001:db8:1:3::10"))).as("the next /64").isTrue();
        assertThat(SourceAddresses.describe(ip("2001:db8:1:2::10"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(SourceAddresses.describe(ip("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsItsIpv4Address() throws Exception {
        SourceAddresses a = new SourceAddresses(1);
        assertThat(a.claim(ip("203.0.113.7"))).isTrue();
        InetAddress mapped = java.net.Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 203, 0, 113, 7}, -1);
        assertThat(mapped).isInstanceOf(java.net.Inet6Address.class);
        assertThat(a.claim(mapped)).isFalse();
    }
}
