package io.familymeeting.media.core.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.ice4j.ice.IceProcessingState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceStateTest {
    @ParameterizedTest(name = "{0} while {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "WAITING,    NEW,       null",
            "RUNNING,    NEW,       CHECKING",
            "COMPLETED,  CHECKING,  CONNECTED",
            "TERMINATED, CONNECTED, COMPLETED",
            "TERMINATED, CHECKING,  null",
            "TERMINATED, FAILED,    null",
            "FAILED,     CHECKING,  FAILED",
            "FAILED,     CONNECTED, FAILED",
    })
    void mapsIce4jStates(IceProcessingState ice4j, IceState current, IceState expected) {
        assertThat(IceState.fromIce4j(ice4j, current)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"NEW,false,false", "CHECKING,false,false", "CONNECTED,true,false", "COMPLETED,true,false",
            "FAILED,false,true", "CLOSED,false,true"})
    void classifiesStates(IceState state, boolean connected, boolean isFinal) {
        assertThat(state.isConnected()).isEqualTo(connected);
        assertThat(state.isFinal()).isEqualTo(isFinal);
    }
}
