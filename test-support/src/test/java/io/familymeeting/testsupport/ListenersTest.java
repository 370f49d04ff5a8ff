package io.familymeeting.testsupport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ListenersTest {

    @Test
    void aConnectionInTheBacklogIsSeenAndNoneIsNot() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listener = new ServerSocket(0, 10, loopback)) {
            assertThat(Listeners.connectionAttempted(listener, Duration.ofMillis(50))).isFalse();
            try (Socket client = new Socket(loopback, listener.getLocalPort())) {
                assertThat(Listeners.connectionAttempted(listener, Duration.ofMillis(50))).isTrue();
            }
            assertThat(Listeners.connectionAttempted(listener, Duration.ofMillis(50))).isFalse();
        }
    }
}
