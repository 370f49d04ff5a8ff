package io.familymeeting.signaling.service;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.OfferRequest;
import io.familymeeting.media.api.SignalEvent;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import io.familymeeting.signaling.store.embedded.EmbeddedStore;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of how the server reads a participant document of the native
 * rooms model ({@code rooms/{roomId}/participants/{id}}) and acts on it: {@link
 * ParticipantSignaling#handle} on the embedded store, with the engine's connection replaced by
 * {@link RecordingMedia} (a test double that answers, or refuses as the input says). The input
 * decides each field's presence and type (name, role, the offer map and its type, sdp and rev,
 * the answer's rev, state, errorRev, leave), the event kind and whether the document still
 * exists; texts come NUL-separated after the choice bytes.
 *
 * <p>Invariants: handling never throws; a document that has not left, with a new offer (a string
 * sdp, rev at least 1 and above the answered rev, not already refused), ends answered for that rev
 * or refused for that rev with an error (also after a failure: a new offer rejoins); a stale offer is not answered again; {@code leave: true} closes the
 * participant and ends {@code left}; every error written is non-blank and short.
 */
class ParticipantDocumentFuzzTest {
    private static final String PATH = Paths.participant("r1", "p1");
    private static final int MAX_ERROR_CHARS = 600;

    static Stream<byte[]> documents() {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        return Stream.of(
                // a new viewer offer, answered
                seed(new int[] {1, 7, 1, 6, 1, 1, 0, 0, 0, 0, 0, 0, 1}, "Ann", sdp),
                // a presenter, refused by the engine
                seed(new int[] {1, 8, 1, 6, 1, 1, 0, 0, 0, 0, 1, 0, 1}, "Bob", sdp, "line 3"),
                // rev 2 after rev 1 was answered
                seed(new int[] {1, 7, 1, 6, 1, 2, 1, 1, 6, 0, 0, 0, 1, 1}, "Ann", sdp),
                // leave
                seed(new int[] {1, 7, 1, 6, 1, 1, 1, 1, 6, 0, 4, 0, 1, 1}, "Ann", sdp));
    }

    @MethodSource("documents")
    @FuzzTest
    void handle(byte[] input) {
        Choices in = new Choices(input);
        Map<String, Object> doc = new LinkedHashMap<>();
        put(doc, Fields.NAME, in.value(List.of("")));
        put(doc, Fields.ROLE, in.value(List.of(Values.TYPE_OFFER, "viewer", "presenter")));
        Object offer = switch (in.choice(4)) {
            case 0 -> null;
            case 1 -> offerMap(in);
            case 2 -> in.text();
            default -> List.of(in.text());
        };
        put(doc, Fields.OFFER, offer);
        if (in.choice(2) == 1) {
            Map<String, Object> answer = new LinkedHashMap<>();
            put(answer, Fields.REV, in.number());
            doc.put(Fields.ANSWER, answer);
        }
        put(doc, Fields.STATE, in.value(List.of(Values.STATE_ANSWERED, Values.STATE_ERROR, Values.STATE_LEFT,
                Values.STATE_NEW)));
        put(doc, Fields.ERROR_REV, in.number());
        put(doc, Fields.LEAVE, in.value(List.of()));
        int media = in.choice(3);
        SignalEvent.Kind kind = SignalEvent.Kind.values()[in.choice(3)];
        boolean exists = in.choice(4) != 0;

        EmbeddedStore store = new EmbeddedStore();
        RecordingMedia engine = new RecordingMedia();
        if (media == 1) {
            engine.refusal = new MediaException(MediaException.Reason.MALFORMED_OFFER, "malformed offer: " + in.text());
        }
        ParticipantSignaling.Media connect = media == 2
                ? () -> { throw new IllegalStateException("engine not started"); }
                : engine;
        if (exists) {
            store.set(PATH, doc);
        }
        new ParticipantSignaling(store, connect, "fuzz", Clock.systemUTC())
                .handle(new SignalEvent("r1", PATH, kind, doc));
        check(exists ? new Document(PATH, doc) : null, store.get(PATH).orElse(null), engine, media == 2);
    }

    /** {@code engineFailed}: the connection threw, so the refusal is not tied to a rev (the next event retries). */
    private static void check(Document before, Document after, RecordingMedia engine, boolean engineFailed) {
        check(engine.offers.size() <= 1, "the engine was asked more than once");
        if (before == null) {
            check(engine.offers.isEmpty(), "answered a document that does not exist");
            return;
        }
        String error = after.string(Fields.ERROR);
        check(error.length() <= MAX_ERROR_CHARS, "an error of " + error.length() + " characters");
        if (before.bool(Fields.LEAVE)) {
            check(engine.offers.isEmpty(), "answered a participant that leaves");
            check(Values.STATE_LEFT.equals(after.string(Fields.STATE)), "a participant that leaves is not left");
            return;
        }
        Map<String, Object> offer = before.map(Fields.OFFER);
        long rev = offer.get(Fields.REV) instanceof Number n ? n.longValue() : -1;
        long answered = before.map(Fields.ANSWER).get(Fields.REV) instanceof Number n ? n.longValue() : 0;
        boolean alreadyRefused = Values.STATE_ERROR.equals(before.string(Fields.STATE))
                && before.number(Fields.ERROR_REV, -2) == rev;
        if (Values.STATE_LEFT.equals(before.string(Fields.STATE)) || alreadyRefused) {
            check(engine.offers.isEmpty(), "answered a participant that left, or a rev already refused");
            return;
        }
        if (!(offer.get(Fields.SDP) instanceof String sdp) || rev < 1) {
            check(engine.offers.isEmpty(), "answered a document without a usable offer");
            refused(after, error);
            return;
        }
        if (rev <= answered) {
            check(engine.offers.isEmpty(), "answered rev " + rev + " again");
            check(before.equals(after), "a stale event changed the document");
            return;
        }
        String state = after.string(Fields.STATE);
        if (Values.STATE_ANSWERED.equals(state)) {
            OfferRequest asked = engine.offers.get(0);
            check(asked.sdp().equals(sdp), "the engine got another SDP");
            check(after.map(Fields.ANSWER).get(Fields.REV) instanceof Number n && n.longValue() == rev,
                    "answered without the offer's rev");
        } else {
            refused(after, error);
            check(engineFailed || after.number(Fields.ERROR_REV, -2) == rev, "refused without the offer's rev");
        }
    }

    private static void refused(Document after, String error) {
        check(Values.STATE_ERROR.equals(after.string(Fields.STATE)) && !error.isBlank(),
                "neither answered nor refused: state " + after.string(Fields.STATE) + ", error '" + error + "'");
    }

    private static Map<String, Object> offerMap(Choices in) {
        Map<String, Object> offer = new LinkedHashMap<>();
        put(offer, Fields.TYPE, in.value(List.of(Values.TYPE_OFFER, Values.TYPE_ANSWER)));
        put(offer, Fields.SDP, in.value(List.of()));
        put(offer, Fields.REV, in.number());
        return offer;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static byte[] seed(int[] choices, String... texts) {
        byte[] head = new byte[Choices.CHOICES];
        for (int i = 0; i < choices.length; i++) {
            head[i] = (byte) choices[i];
        }
        byte[] tail = String.join("\u0000", texts).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /**
     * Reads the input: the first {@link #CHOICES} bytes are choices, taken in order; the rest
     * are texts separated by NUL bytes, taken in order. Running out gives 0 and "".
     */
    private static final class Choices {
        static final int CHOICES = 24;
        private final byte[] b;
        private final String[] texts;
        private int at;
        private int nextText;

        Choices(byte[] b) {
            this.b = b;
            int start = Math.min(CHOICES, b.length);
            this.texts = new String(b, start, b.length - start, StandardCharsets.UTF_8).split("\u0000", -1);
        }

        int choice(int n) {
            return at < Math.min(CHOICES, b.length) ? (b[at++] & 0xFF) % n : 0;
        }

        String text() {
            return nextText < texts.length ? texts[nextText++] : "";
        }

        /** Absent, a text of the input, one of the usual values, a number, a boolean or a map. */
        Object value(List<String> usual) {
            int c = choice(6 + usual.size());
            return switch (c) {
                case 0 -> null;
                case 1 -> text();
                case 2 -> (long) text().length();
                case 3 -> 1.5;
                case 4 -> Boolean.TRUE;
                case 5 -> Map.of("k", "v");
                default -> usual.get(c - 6);
            };
        }

        /** A rev: absent, 0, 1, 2, -1, a huge number, a fraction, or a text. */
        Object number() {
            return switch (choice(8)) {
                case 0 -> null;
                case 1 -> 1L;
                case 2 -> 2L;
                case 3 -> 0L;
                case 4 -> -1L;
                case 5 -> Long.MAX_VALUE;
                case 6 -> Double.NaN;
                default -> "1";
            };
        }
    }
}
