package io.familymeeting.loadtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void readsTheRunAndNamesTheOptionThatIsWrong() {
        Options o = Options.parse("--server", "janus", "--janus-url", "http://127.0.0.1:8088/janus", "--viewers", "1000",
                "--rooms", "10", "--duration", "5");
        assertThat(o.server()).isEqualTo("janus");
        assertThat(o.viewers()).isEqualTo(1000);
        assertThat(o.rooms()).isEqualTo(10);
        assertThat(o.duration().toSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> Options.parse("--viewers", "many")).hasMessageContaining("--viewers must be a whole number");
        assertThatThrownBy(() -> Options.parse("--server", "mediasoup")).hasMessageContaining("'ours' or 'janus'");
        assertThatThrownBy(() -> Options.parse("--rooms")).hasMessageContaining("--rooms needs a value");
        assertThatThrownBy(() -> Options.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
    }
}
