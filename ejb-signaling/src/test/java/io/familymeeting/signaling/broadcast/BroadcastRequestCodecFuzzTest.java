package io.familymeeting.signaling.broadcast;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.familymeeting.signaling.schema.Fields;
import io.familymeeting.signaling.schema.Paths;
import io.familymeeting.signaling.schema.Values;
import io.familymeeting.signaling.store.Document;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link BroadcastRequestCodec} on {@code broadcast_requests}
 * documents as a browser could write them. Input: a flags byte, then the requestor, the parent,
 * a kind and the offer's JSON, separated by NUL bytes. The flags choose the kind (broadcaster,
 * participant, the given text, or a number), whether the offer is base64 of the JSON (as the web
 * client writes it) or the raw text or a map, the type of {@code abort}, whether an answer is
 * there, and missing or mistyped fields.
 *
 * <p>Invariants: only {@link BadRequestException} is thrown, with a short message; an accepted
 * document obeys the contract (requestor 1 to 200 characters, kind and parent consistent, a
 * non-blank SDP within the limit) and, unless its SDP holds a lone surrogate, reads the same once
 * its offer is written again by
 * {@link BroadcastRequestCodec#encodeOffer}; an answer decodes to the SDP it encoded.
 */
class BroadcastRequestCodecFuzzTest {
    private static final int MAX_SDP = 4096;
    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n";

    private final BroadcastRequestCodec codec = new BroadcastRequestCodec(MAX_SDP);

    static Stream<byte[]> documents() {
        String json = "{\"type\":\"offer\",\"sdp\":\"" + SDP.replace("\r\n", "\\r\\n") + "\"}";
        return Stream.of(input(0, "Grandma", "", "", json), input(1, "Grandson", "b1", "", json),
                input(0x02 | 0x08 | 0x10, "x", "b-1_", "participant", json),
                input(0x04, "Ann", "", "", json));
    }

    @MethodSource("documents")
    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0] & 0xFF;
        String[] parts = new String(input, 1, input.length - 1, StandardCharsets.UTF_8).split("\u0000", 4);
        String requestor = parts[0];
        String parent = parts.length > 1 ? parts[1] : "";
        String kind = parts.length > 2 ? parts[2] : "";
        String json = parts.length > 3 ? parts[3] : "";
        Map<String, Object> d = new HashMap<>();
        d.put(Fields.REQUESTOR, (flags & 0x20) == 0 ? requestor : Long.valueOf(requestor.length()));
        if ((flags & 0x40) == 0) {
            d.put(Fields.PARENT, parent);
        }
        switch (flags & 3) {
            case 0 -> d.put(Fields.KIND, Values.KIND_BROADCASTER);
            case 1 -> d.put(Fields.KIND, Values.KIND_PARTICIPANT);
            case 2 -> d.put(Fields.KIND, kind);
            default -> d.put(Fields.KIND, 3L);
        }
        if ((flags & 0x80) != 0) {
            d.put(Fields.OFFER, Map.of(Fields.TYPE, Values.TYPE_OFFER, Fields.SDP, json));
        } else {
            d.put(Fields.OFFER, (flags & 4) == 0 ? base64(json) : json);
        }
        d.put(Fields.ABORT, (flags & 8) == 0 ? Boolean.valueOf(kind.isEmpty()) : kind);
        d.put(Fields.ANSWER, (flags & 0x10) == 0 ? "" : "x");
        Document doc = new Document(Paths.BROADCAST_REQUESTS + "/b1", d);

        BroadcastRequest r;
        try {
            r = codec.parse(doc);
        } catch (BadRequestException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.length() > 600) {
                throw new AssertionError("bad message for the error field: " + m, e);
            }
            return;
        }
        check(r.requestor().length() >= 1 && r.requestor().length() <= 200, "requestor " + r.requestor());
        check(r.isBroadcaster() ? r.parent().isEmpty() : Paths.isValidId(r.parent()), "parent " + r.parent());
        check(!r.offerSdp().isBlank() && r.offerSdp().getBytes(StandardCharsets.UTF_8).length <= MAX_SDP,
                "offer SDP");
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(r.offerSdp())) {
            return; // a lone surrogate from a JSON escape: UTF-8 cannot carry it back
        }
        Map<String, Object> rewritten = new HashMap<>(d);
        rewritten.put(Fields.OFFER, codec.encodeOffer(r.offerSdp()));
        try {
            check(r.equals(codec.parse(new Document(doc.path(), rewritten))), "re-encoded offer reads differently");
            check(r.offerSdp().equals(codec.decodeAnswer(codec.encodeAnswer(r.offerSdp()))), "answer round trip");
        } catch (BadRequestException e) {
            throw new AssertionError("an accepted SDP is refused once encoded again: " + e.getMessage(), e);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] input(int flags, String requestor, String parent, String kind, String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.writeBytes(String.join("\u0000", requestor, parent, kind, json).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
