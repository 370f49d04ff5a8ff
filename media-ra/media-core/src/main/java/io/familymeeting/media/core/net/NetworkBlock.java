package io.familymeeting.media.core.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block of IP addresses in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for
 * IPv6): {@code 192.168.1.0/24}, {@code fd00::/8}, or one address ({@code 10.0.0.7},
 * {@code ::1}) meaning /32 or /128. Parsing never asks DNS: only address literals are taken.
 * It only answers whether an address is in the block; what a block is used for is its
 * owner's business (camera targets in {@code rtsp/CameraTargets}, ICE candidates in
 * {@code ice/CandidateNetworks}).
 */
public final class NetworkBlock {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private NetworkBlock(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses one block.
     *
     * @throws IllegalArgumentException saying what is wrong with it (not an address, prefix
     *                                  out of range, bits set after the prefix)
     */
    public static NetworkBlock parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] address = literal(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + s + "' is not an address or CIDR block (e.g. 192.168.1.0/24, fd00::/8)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + s + "': the prefix length must be 0.." + bits);
            }
        }
        byte[] network = mask(address, prefix);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("'" + s + "' has bits set after the /" + prefix + " prefix: did you mean "
                    + format(network) + "/" + prefix + "?");
        }
        return new NetworkBlock(network, prefix, format(network) + "/" + prefix);
    }

    /** A comma-separated list of blocks; empty or blank gives none. */
    public static List<NetworkBlock> parseList(String commaSeparated) {
        List<NetworkBlock> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    /** True when {@code address} is in this block (an IPv4 block never holds an IPv6 address, and back). */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** The same for raw address bytes (4 or 16); allocation-free, for per-packet checks. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (address[full] & mask) == (network[full] & mask);
    }

    /**
     * The address bytes of a literal ("10.0.0.1", "fe80::1"), or null when it is not one
     * ({@link IpLiteral}: never a DNS lookup). "::ffff:10.0.0.1" comes back as IPv4 from the
     * JDK (mapped addresses are treated as IPv4): such a block is to be written as IPv4, so it
     * is refused here.
     */
    public static byte[] literal(String text) {
        InetAddress address = IpLiteral.parse(text);
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        return text.indexOf(':') >= 0 && bytes.length == 4 ? null : bytes;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** Dotted IPv4, or IPv6 with the longest run of zero groups as "::" (RFC 5952 §4.2). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkBlock b && b.prefix == prefix && Arrays.equals(b.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
