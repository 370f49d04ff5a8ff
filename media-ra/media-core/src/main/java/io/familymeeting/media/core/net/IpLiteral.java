package io.familymeeting.media.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 / IPv6 address literals without ever touching DNS: candidates from browsers may
 * carry mDNS names ({@code <uuid>.local}, draft-ietf-mmusic-mdns-ice-candidates), and config
 * values must not trigger lookups. Names are rejected, not resolved.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /** The address for a literal, or {@code null} when {@code text} is not an IP literal. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean ipv6 = s.indexOf(':') >= 0;
        if (!ipv6 && !isDottedQuad(s)) {
            return null;
        }
        if (ipv6 && !isIpv6Chars(s)) {
            return null;
        }
        try {
            // Only literals reach this point: InetAddress parses them without a lookup.
            return InetAddress.getByName(s);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String s) {
        int parts = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                parts++;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9') {
                digits++;
                value = value * 10 + (c - '0');
                if (digits > 3 || value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return digits > 0 && parts == 3;
    }

    private static boolean isIpv6Chars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.' || c == '%';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
