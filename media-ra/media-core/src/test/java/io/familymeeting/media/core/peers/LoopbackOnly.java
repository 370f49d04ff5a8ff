package io.familymeeting.media.core.peers;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Guards the project's network rule for tests with real WebRTC peers: they run only inside
 * a network namespace whose one usable interface is loopback (bin/run-tests makes it with
 * {@code unshare -n}), so no test packet can leave 127.0.0.1 / ::1 — WebRTC stacks
 * otherwise gather and probe every address of the machine. Another interface may be up when
 * its only addresses are loopback addresses: bench/netns.sh's veth pair carries 127.0.0.1/32
 * so that Janus, which skips loopback interfaces, gathers a candidate the tests reach.
 *
 * <p>Use it as {@code @ExtendWith(LoopbackOnly.class)} on a peer test class (it fails the
 * class before anything starts), or call {@link #require()} from other harness code;
 * {@link ChromiumPeer#launch()} always calls it. It does not create the namespace itself.
 */
public final class LoopbackOnly implements BeforeAllCallback {

    /** What this class needs to know about one interface; a seam for table tests. */
    public record Interface(String name, boolean up, boolean loopback, List<String> addresses) {
        public Interface {
            addresses = List.copyOf(addresses);
        }
    }

    static final String HOW_TO_RUN =
            "Run peer tests through bin/run-tests (it makes a loopback-only network namespace with "
            + "`unshare -n`), or by hand (dependencies resolved beforehand): unshare -n bash -c "
            + "'ip link set lo up; ./mvnw -o -B -pl media-ra/media-core -am verify -Dit.test=YourIT'. "
            + "-DskipITs leaves peer tests out.";

    @Override
    public void beforeAll(ExtensionContext context) {
        require();
    }

    /** Throws {@link IllegalStateException} unless only loopback is up on this machine. */
    public static void require() {
        problem(interfaces()).ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** Why these interfaces break the rule, or empty when only loopback is up. */
    public static Optional<String> problem(List<Interface> interfaces) {
        List<Interface> outside = interfaces.stream()
                .filter(i -> i.up() && !i.loopback() && !onlyLoopbackAddresses(i))
                .collect(Collectors.toList());
        if (!outside.isEmpty()) {
            String names = outside.stream()
                    .map(i -> i.name() + " " + i.addresses())
                    .collect(Collectors.joining(", "));
            return Optional.of("Peer tests must not reach any network but loopback, and these "
                    + "interfaces are up: " + names + ". " + HOW_TO_RUN);
        }
        boolean loopbackUp = interfaces.stream().anyMatch(i -> i.up() && i.loopback());
        if (!loopbackUp) {
            return Optional.of("The loopback interface is down: in the namespace run "
                    + "`ip link set lo up` first. " + HOW_TO_RUN);
        }
        return Optional.empty();
    }

    /**
     * An interface with addresses, all of them loopback addresses: a packet to or from one
     * never leaves the machine (RFC 1122 section 3.2.1.3 (g) for 127/8, RFC 4291 section 2.5.3
     * for ::1). An up interface without any address (a tunnel, say) does not count.
     */
    private static boolean onlyLoopbackAddresses(Interface i) {
        return !i.addresses().isEmpty() && i.addresses().stream().allMatch(LoopbackOnly::isLoopbackLiteral);
    }

    private static boolean isLoopbackLiteral(String address) {
        int scope = address.indexOf('%');
        String literal = scope < 0 ? address : address.substring(0, scope);
        if (literal.indexOf(':') < 0 && !literal.matches("[0-9.]+")) {
            return false; // not an address literal; never resolve names here
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** This machine's interfaces, as the JDK sees them. */
    public static List<Interface> interfaces() {
        try {
            List<Interface> result = new ArrayList<>();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<String> addresses = new ArrayList<>();
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    addresses.add(address.getHostAddress());
                }
                result.add(new Interface(nif.getName(), nif.isUp(), nif.isLoopback(), addresses));
            }
            return result;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces", e);
        }
    }
}
