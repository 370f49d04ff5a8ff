package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.net.NetworkBlock;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which addresses a camera may be pulled from. Camera URLs are written by operators, but a
 * URL is also a way to make the server open connections: to itself, to the cloud's metadata
 * service, to the node's link-local neighbours. So before every connection (the first and
 * each reconnect, and each redirect) the camera's host is resolved here and the address is
 * checked against the {@link Rule}s: loopback, link-local (with the metadata address),
 * unspecified, multicast, broadcast and this server's own addresses are refused, unless a
 * block of {@code CAMERA_ALLOWED_NETWORKS} holds the address. The caller connects to the
 * address returned (no second lookup that DNS could answer differently).
 *
 * <p>Private LAN ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are allowed: that is where
 * cameras live. It does not open connections itself.
 */
public final class CameraTargets {
    private static final Logger LOG = Logger.getLogger(CameraTargets.class.getName());
    /** The setting whose blocks override the rules. */
    public static final String ALLOWED_NETWORKS = "CAMERA_ALLOWED_NETWORKS";

    /** Why an address is refused, checked in this order. */
    public enum Rule {
        /** 0.0.0.0/8 ("this network", RFC 1122 §3.2.1.3, RFC 6890 §2.2.2) and ::/128 (RFC 4291 §2.5.2): reach this host. */
        UNSPECIFIED("an unspecified address"),
        /** 127.0.0.0/8 (RFC 1122 §3.2.1.3) and ::1 (RFC 4291 §2.5.3): this host. */
        LOOPBACK("a loopback address"),
        /** The instance metadata service of the clouds (GCE, AWS, Azure: 169.254.169.254; AWS over IPv6: fd00:ec2::254). */
        METADATA("the cloud metadata address"),
        /** 169.254.0.0/16 (RFC 3927) and fe80::/10 (RFC 4291 §2.5.6): the node's own link. */
        LINK_LOCAL("a link-local address"),
        /** 224.0.0.0/4 (RFC 5771) and ff00::/8 (RFC 4291 §2.7). */
        MULTICAST("a multicast address"),
        /** 255.255.255.255 (RFC 919 §7). */
        BROADCAST("the broadcast address"),
        /** Any address of this server's interfaces, or one it advertises (reaches the server's own ports). */
        OWN("an address of this server");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Host name to addresses (DNS in production; a table in tests). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final List<NetworkBlock> METADATA_ADDRESSES = List.of(
            NetworkBlock.parse("169.254.169.254"), NetworkBlock.parse("fd00:ec2::254"));
    private static final NetworkBlock THIS_NETWORK = NetworkBlock.parse("0.0.0.0/8");
    private static final NetworkBlock BROADCAST = NetworkBlock.parse("255.255.255.255");

    private final List<NetworkBlock> allowed;
    private final Supplier<Collection<InetAddress>> ownAddresses;
    private final Resolver resolver;

    public CameraTargets(List<NetworkBlock> allowed, Supplier<Collection<InetAddress>> ownAddresses, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.ownAddresses = ownAddresses;
        this.resolver = resolver;
    }

    /**
     * The rules with these allowed blocks, this machine's interface addresses plus {@code
     * alsoOwn} (address literals: the advertised and bound addresses) as its own, and DNS.
     */
    public static CameraTargets of(List<NetworkBlock> allowed, List<String> alsoOwn) {
        List<InetAddress> extra = new ArrayList<>();
        for (String a : alsoOwn) {
            byte[] bytes = NetworkBlock.literal(a.trim());
            if (bytes != null) {
                try {
                    extra.add(InetAddress.getByAddress(bytes));
                } catch (UnknownHostException e) {
                    // a literal of 4 or 16 bytes always makes an address
                }
            }
        }
        return new CameraTargets(allowed, () -> {
            List<InetAddress> own = interfaceAddresses();
            own.addAll(extra);
            return own;
        }, InetAddress::getAllByName);
    }

    /** Refuses nothing the rules do not: no allowed blocks, interface addresses as own. */
    public static CameraTargets defaults() {
        return of(List.of(), List.of());
    }

    public List<NetworkBlock> allowed() {
        return allowed;
    }

    /**
     * Resolves {@code host} and returns the address to connect to: the first one it resolves
     * to that the rules allow.
     *
     * @throws CameraFailure permanent, naming the rule and the setting, when every address is refused;
     *                       retried when the name does not resolve
     */
    InetSocketAddress check(String host, int port) throws CameraFailure {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new CameraFailure("unknown host " + host, false);
        }
        if (addresses.length == 0) {
            throw new CameraFailure("unknown host " + host, false);
        }
        Collection<InetAddress> own = ownAddresses.get();
        for (InetAddress a : addresses) {
            if (refusal(a, own) == null) {
                return new InetSocketAddress(a, port);
            }
        }
        InetAddress first = addresses[0];
        Rule rule = refusal(first, own);
        String address = NetworkBlock.format(first.getAddress());
        String what = NetworkBlock.literal(host) != null
                ? address + " is " + rule.description()
                : host + " resolves to " + address + ", " + rule.description();
        throw new CameraFailure(what + "; list it in " + ALLOWED_NETWORKS + " to allow it", true);
    }

    /** The rule that refuses this address, or null when a camera may be there. */
    public Rule refusal(InetAddress address) {
        return refusal(address, ownAddresses.get());
    }

    private Rule refusal(InetAddress address, Collection<InetAddress> own) {
        for (NetworkBlock b : allowed) {
            if (b.contains(address)) {
                return null;
            }
        }
        Rule rule = byKind(address);
        if (rule == null && address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            // ::a.b.c.d (RFC 4291 §2.5.5.1) carries an IPv4 address: the rules of that one apply.
            rule = byKind(embeddedIpv4(v6));
        }
        if (rule != null) {
            return rule;
        }
        for (InetAddress o : own) {
            if (Arrays.equals(o.getAddress(), address.getAddress())) {
                return Rule.OWN;
            }
        }
        return null;
    }

    private static Rule byKind(InetAddress a) {
        if (a.isAnyLocalAddress() || THIS_NETWORK.contains(a)) {
            return Rule.UNSPECIFIED;
        }
        if (a.isLoopbackAddress()) {
            return Rule.LOOPBACK;
        }
        for (NetworkBlock m : METADATA_ADDRESSES) {
            if (m.contains(a)) {
                return Rule.METADATA;
            }
        }
        if (a.isLinkLocalAddress()) {
            return Rule.LINK_LOCAL;
        }
        if (a.isMulticastAddress()) {
            return Rule.MULTICAST;
        }
        if (BROADCAST.contains(a)) {
            return Rule.BROADCAST;
        }
        return null;
    }

    private static InetAddress embeddedIpv4(Inet6Address v6) {
        byte[] b = v6.getAddress();
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every address of this machine's network interfaces (empty if they cannot be listed). */
    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                var addresses = interfaces.nextElement().getInetAddresses();
                while (addresses.hasMoreElements()) {
                    out.add(addresses.nextElement());
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "cannot list this server's addresses for the camera target check", e);
        }
        return out;
    }
}
