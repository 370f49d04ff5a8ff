package io.familymeeting.media.core.room;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Connected transports by the source address their peer's media comes from, against a limit
 * per address, so that one host cannot hold a large part of the engine's participants. An
 * IPv6 peer is counted by its /64 prefix: one host usually has a whole /64 (RFC 7421 §1) and
 * can pick any address in it; an IPv4-mapped IPv6 address counts as its IPv4 address.
 * Thread-safe. It does not know the participants; whoever claims an address releases it.
 */
final class SourceAddresses {
    /** Bytes of an IPv6 address that name its /64 prefix. */
    private static final int IPV6_PREFIX_BYTES = 8;

    private final int limit;
    private final Map<String, Integer> counts = new HashMap<>();

    SourceAddresses(int limit) {
        this.limit = limit;
    }

    /** Counts one more transport from {@code address}; false (nothing counted) when at the limit. */
    synchronized boolean claim(InetAddress address) {
        String key = key(address);
        int n = counts.getOrDefault(key, 0);
        if (n >= limit) {
            return false;
        }
        counts.put(key, n + 1);
        return true;
    }

    synchronized void release(InetAddress address) {
        String key = key(address);
        Integer n = counts.get(key);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            counts.remove(key);
        } else {
            counts.put(key, n - 1);
        }
    }

    synchronized int count(InetAddress address) {
        return counts.getOrDefault(key(address), 0);
    }

    int limit() {
        return limit;
    }

    /** What {@code address} is counted as, for messages: "203.0.113.7" or "2001:db8:1:2::/64". */
    static String describe(InetAddress address) {
        return key(address);
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isIpv4Mapped(b)) {
                return (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
            }
            byte[] prefix = Arrays.copyOf(b, 16);
            Arrays.fill(prefix, IPV6_PREFIX_BYTES, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix).getHostAddress().replaceFirst("(:0)+$", "::") + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return ((Inet4Address) address).getHostAddress();
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }
}
