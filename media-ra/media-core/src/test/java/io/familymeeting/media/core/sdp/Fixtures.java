package io.familymeeting.media.core.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the offers under src/test/resources/sdp (see the README there), for the parser and the answerer tests. */
public final class Fixtures {
    public static final List<String> ALL = List.of(
            "chromium-156-presenter.sdp", "chromium-156-sendonly.sdp", "chromium-156-viewer.sdp",
            "chromium-156-simulcast.sdp", "chromium-156-datachannel.sdp", "chromium-156-screenshare.sdp",
            "firefox-128-presenter.sdp", "safari-17-presenter.sdp", "aiortc-1.4-viewer.sdp");

    private Fixtures() {
    }

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SessionDescription parse(String name) {
        try {
            return SdpParser.parse(text(name));
        } catch (SdpParseException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
