package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.net.IpLiteral;
import io.familymeeting.media.core.net.NetworkBlock;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which remote addresses the media port may talk to: the addresses of remote ICE candidates
 * (from offers and trickle) and the source addresses of STUN checks that would map a new remote
 * address to a participant (and make ice4j answer it and send a triggered check there, a
 * peer-reflexive candidate). An offer or a forged check must not turn the server into a probe of
 * its own host or network, so these ranges are refused unless {@link #allowed} lists them:
 * <ul>
 *   <li>unspecified and "this network": 0.0.0.0/8 (RFC 1122 §3.2.1.3), ::/128, and the
 *       deprecated IPv4-compatible ::/96 (RFC 4291 §2.5.5.1);</li>
 *   <li>loopback: 127.0.0.0/8, ::1/128;</li>
 *   <li>link-local: 169.254.0.0/16 (RFC 3927), fe80::/10;</li>
 *   <li>multicast: 224.0.0.0/4, ff00::/8; reserved and broadcast: 240.0.0.0/4 (RFC 1112 §4);</li>
 *   <li>with {@code blockPrivate} only: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918),
 *       100.64.0.0/10 (RFC 6598), fc00::/7 (RFC 4193), fec0::/10.</li>
 * </ul>
 * Private ranges are allowed by default: browsers on the same LAN, Docker's port publishing and
 * Kubernetes node addresses all reach the port from them.
 *
 * <p>When no network is listed and the port is bound to a loopback address, the loopback range
 * of that family is allowed: only local peers can reach such a port (a laptop demo, the tests).
 * Parsing never touches DNS. Immutable; {@link #allows} is allocation-free.
 */
public final class CandidateNetworks {
    private static final List<NetworkBlock> ALWAYS_REFUSED = cidrs(
            "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::1/128", "fe80::/10", "ff00::/8");
    private static final List<NetworkBlock> PRIVATE = cidrs(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fec0::/10");

    private final List<NetworkBlock> allowed;
    private final boolean blockPrivate;

    private CandidateNetworks(List<NetworkBlock> allowed, boolean blockPrivate) {
        this.allowed = List.copyOf(allowed);
        this.blockPrivate = blockPrivate;
    }

    /**
     * @param allowedNetworks CIDR networks ({@code 10.1.0.0/16}, {@code fd00::/8}) or single
     *                        addresses allowed even though a refused range contains them
     * @param blockPrivate    also refuse the private ranges
     * @param bindAddress     the media port's bind address: a loopback one allows loopback when
     *                        {@code allowedNetworks} is empty
     * @throws IllegalArgumentException naming the entry that is not a network
     */
    public static CandidateNetworks of(List<String> allowedNetworks, boolean blockPrivate, InetAddress bindAddress) {
        List<NetworkBlock> list = new ArrayList<>();
        for (String text : allowedNetworks) {
            list.add(parse(text));
        }
        if (list.isEmpty() && bindAddress != null && bindAddress.isLoopbackAddress()) {
            list.add(parse(bindAddress instanceof Inet4Address ? "127.0.0.0/8" : "::1/128"));
        }
        return new CandidateNetworks(list, blockPrivate);
    }

    /** Checks the syntax of each entry; throws like {@link #of}. */
    public static void validate(List<String> allowedNetworks) {
        for (String text : allowedNetworks) {
            parse(text);
        }
    }

    /** Whether ICE may use {@code address} (null: no). */
    public boolean allows(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i).contains(a)) {
                return true;
            }
        }
        return !inAny(ALWAYS_REFUSED, a) && !(blockPrivate && inAny(PRIVATE, a));
    }

    /** Whether ICE may use the address in {@code literal}; names (mDNS) and bad literals: no. */
    public boolean allows(String literal) {
        return allows(IpLiteral.parse(literal));
    }

    /** The networks allowed although refused by default, in canonical form (10.0.0.0/8, ::1/128). */
    public List<String> allowed() {
        return allowed.stream().map(NetworkBlock::toString).toList();
    }

    public boolean blocksPrivate() {
        return blockPrivate;
    }

    @Override
    public String toString() {
        return "allowed " + allowed + (blockPrivate ? ", private ranges refused" : "");
    }

    private static boolean inAny(List<NetworkBlock> list, byte[] a) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static List<NetworkBlock> cidrs(String... texts) {
        List<NetworkBlock> list = new ArrayList<>();
        for (String t : texts) {
            list.add(parse(t));
        }
        return List.copyOf(list);
    }

    /** {@code address/prefix} or a single address ({@link NetworkBlock#parse}), the error naming the entry. */
    static NetworkBlock parse(String text) {
        Objects.requireNonNull(text, "network");
        return NetworkBlock.parse(text);
    }
}
