package io.familymeeting.testsupport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloserTest {

    @Test
    void closesInReverseOrderAndEveryOneEvenWhenSomeFail() {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        closer.add(() -> closed.add("emulator"));
        closer.add(() -> {
            closed.add("server");
            throw new IllegalStateException("server would not stop");
        });
        closer.add(() -> {
            closed.add("page");
            throw new AssertionError("page crashed");
        });
        assertThatThrownBy(closer::close)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closing")
                .hasCauseInstanceOf(AssertionError.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("server would not stop")));
        assertThat(closed).containsExactly("page", "server", "emulator");
    }

    @Test
    void closeNowTakesTheResourceOutAndCloseEmptiesIt() throws Exception {
        List<String> closed = new ArrayList<>();
        Closer closer = new Closer();
        AutoCloseable server = () -> closed.add("server");
        closer.add(() -> closed.add("emulator"));
        closer.add(server);
        closer.closeNow(server);
        closer.close();
        closer.close();
        assertThat(closed).containsExactly("server", "emulator");
        assertThat((Object) closer.add(null)).isNull();
    }
}
