package io.familymeeting.media.core.peers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Table test of the loopback-only decision (the JDK interface listing is the only seam). */
class LoopbackOnlyTest {
    private static final LoopbackOnly.Interface LO_UP =
            new LoopbackOnly.Interface("lo", true, true, List.of("127.0.0.1", "0:0:0:0:0:0:0:1%lo"));
    private static final LoopbackOnly.Interface LO_DOWN =
            new LoopbackOnly.Interface("lo", false, true, List.of());
    private static final LoopbackOnly.Interface ETH_UP =
            new LoopbackOnly.Interface("eth0", true, false, List.of("10.1.2.3"));
    private static final LoopbackOnly.Interface ETH_DOWN =
            new LoopbackOnly.Interface("eth0", false, false, List.of());
    private static final LoopbackOnly.Interface TUN_UP =
            new LoopbackOnly.Interface("tun0", true, false, List.of());
    /** bench/netns.sh's veth for Janus: up, 127.0.0.1/32 only. */
    private static final LoopbackOnly.Interface VETH_LOOPBACK_ONLY =
            new LoopbackOnly.Interface("fmjanus0", true, false, List.of("127.0.0.1"));
    private static final LoopbackOnly.Interface VETH_ALSO_ROUTABLE =
            new LoopbackOnly.Interface("fmjanus1", true, false, List.of("127.0.0.1", "10.9.9.9"));
    private static final LoopbackOnly.Interface VETH_LINK_LOCAL =
            new LoopbackOnly.Interface("veth2", true, false, List.of("fe80:0:0:0:1:2:3:4%veth2"));

    static Stream<Arguments> cases() {
        return Stream.of(
                // interfaces, expected problem text (null: allowed)
                Arguments.of(List.of(LO_UP), null),
                Arguments.of(List.of(LO_UP, ETH_DOWN), null),
                Arguments.of(List.of(LO_UP, ETH_UP), "eth0 [10.1.2.3]"),
                Arguments.of(List.of(LO_UP, ETH_DOWN, TUN_UP), "tun0 []"),
                Arguments.of(List.of(LO_UP, VETH_LOOPBACK_ONLY), null),
                Arguments.of(List.of(LO_UP, VETH_LOOPBACK_ONLY, VETH_ALSO_ROUTABLE), "fmjanus1 [127.0.0.1, 10.9.9.9]"),
                Arguments.of(List.of(LO_UP, VETH_LINK_LOCAL), "veth2"),
                Arguments.of(List.of(LO_DOWN, VETH_LOOPBACK_ONLY), "loopback interface is down"),
                Arguments.of(List.of(LO_DOWN), "loopback interface is down"),
                Arguments.of(List.of(), "loopback interface is down"),
                Arguments.of(List.of(LO_DOWN, ETH_UP), "eth0"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decidesFromTheInterfaceList(List<LoopbackOnly.Interface> interfaces, String expected) {
        if (expected == null) {
            assertThat(LoopbackOnly.problem(interfaces)).isEmpty();
        } else {
            assertThat(LoopbackOnly.problem(interfaces)).hasValueSatisfying(p -> assertThat(p)
                    .contains(expected)
                    .contains("bin/run-tests"));
        }
    }

    @org.junit.jupiter.api.Test
    void listsThisMachinesInterfacesIncludingLoopback() {
        assertThat(LoopbackOnly.interfaces()).anyMatch(LoopbackOnly.Interface::loopback);
    }
}
