package io.familymeeting.media.core.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.core.testutil.FuzzChecks;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link SdpParser} and {@link SdpWriter} on any text, seeded
 * with the offers of src/test/resources/sdp. Invariants: the parser throws nothing but
 * {@link SdpParseException}, whose message is a short, printable text; what
 * parses is written, parsed again to an equal model, and written again to the same text.
 *
 * <p>With the unit tests it runs the seeds (and inputs kept under {@code SdpParserFuzzTestInputs});
 * {@code bin/fuzz} runs it in fuzzing mode.
 */
class SdpParserFuzzTest {

    static Stream<byte[]> offers() {
        return Fixtures.ALL.stream().map(name -> Fixtures.text(name).getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("offers")
    @FuzzTest
    void parseWriteParse(byte[] input) {
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpParseException e) {
            FuzzChecks.userMessage(e);
            return;
        }
        String written = parsed.toSdp();
        SessionDescription again;
        try {
            again = SdpParser.parse(written);
        } catch (SdpParseException e) {
            throw new AssertionError("the writer's output does not parse: " + e.getMessage() + "\n" + written, e);
        }
        FuzzChecks.same("model after write and parse", parsed, again);
        FuzzChecks.same("text after a second write", written, again.toSdp());
    }
}
