package io.familymeeting.signaling.broadcast;

import io.familymeeting.signaling.store.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broadcast_requests wire format: good documents, answers, and a table of bad ones. */
class BroadcastRequestCodecTest {
    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private final BroadcastRequestCodec codec = new BroadcastRequestCodec(1024);

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly what the web client writes: btoa(JSON.stringify(pc.localDescription)). */
    private static Map<String, Object> browserDoc(String kind, String parent) {
        Map<String, Object> d = new HashMap<>();
        d.put("requestor", "Grandma");
        d.put("kind", kind);
        d.put("parent", parent);
        d.put("offer", b64("{\"type\":\"offer\",\"sdp\":\"" + SDP.replace("\r\n", "\\r\\n") + "\"}"));
        d.put("answer", "");
        d.put("abort", false);
        return d;
    }

    @Test
    void parsesABroadcaster() throws Exception {
        BroadcastRequest r = codec.parse(new Document("broadcast_requests/b1", browserDoc("broadcaster", "")));
        assertThat(r.id()).isEqualTo("b1");
        assertThat(r.isBroadcaster()).isTrue();
        assertThat(r.broadcasterId()).isEqualTo("b1");
        assertThat(r.requestor()).isEqualTo("Grandma");
        assertThat(r.offerSdp()).isEqualTo(SDP);
        assertThat(r.answered()).isFalse();
        assertThat(r.abort()).isFalse();
    }

    @Test
    void parsesAParticipantAndAbort() throws Exception {
        Map<String, Object> d = browserDoc("participant", "b1");
        d.put("abort", true);
        d.put("answer", "x");
        BroadcastRequest r = codec.parse(new Document("broadcast_requests/p1", d));
        assertThat(r.kind()).isEqualTo(BroadcastRequest.Kind.PARTICIPANT);
        assertThat(r.broadcasterId()).isEqualTo("b1");
        assertThat(r.abort()).isTrue();
        assertThat(r.answered()).isTrue();
    }

    @Test
    void answerIsBase64OfTypedJson() throws Exception {
        String field = codec.encodeAnswer(SDP);
        String json = new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n");
        assertThat(codec.decodeAnswer(field)).isEqualTo(SDP);
    }

    @Test
    void offerRoundTrip() throws Exception {
        Map<String, Object> d = browserDoc("broadcaster", "");
        d.put("offer", codec.encodeOffer(SDP));
        assertThat(codec.parse(new Document("broadcast_requests/b2", d)).offerSdp()).isEqualTo(SDP);
    }

    static Stream<Arguments> badDocuments() {
        String big = "v=0\r\n" + "a=x\r\n".repeat(300);
        return Stream.of(
                Arguments.of("offer not base64", Map.of("offer", "not base64!!"), "offer is not base64"),
                Arguments.of("offer not JSON", Map.of("offer", b64("v=0 plain sdp")), "offer is not JSON"),
                Arguments.of("offer JSON array", Map.of("offer", b64("[1,2]")), "offer is not a JSON object"),
                Arguments.of("offer wrong type", Map.of("offer", b64("{\"type\":\"answer\",\"sdp\":\"v=0\"}")),
                        "offer has type \"answer\", expected \"offer\""),
                Arguments.of("offer without sdp", Map.of("offer", b64("{\"type\":\"offer\"}")), "offer has no \"sdp\""),
                Arguments.of("offer sdp not string", Map.of("offer", b64("{\"type\":\"offer\",\"sdp\":5}")), "offer \"sdp\" is not a string"),
                Arguments.of("offer empty sdp", Map.of("offer", b64("{\"type\":\"offer\",\"sdp\":\" \"}")), "offer has an empty sdp"),
                Arguments.of("SDP over the limit", Map.of("offer", b64("{\"type\":\"offer\",\"sdp\":\"" + big.replace("\r\n", "\\r\\n") + "\"}")),
                        "larger than the 1024-byte"),
                Arguments.of("offer missing", Map.of("offer", REMOVE), "offer is missing"),
                Arguments.of("offer empty", Map.of("offer", ""), "offer is empty"),
                Arguments.of("offer a number", Map.of("offer", 12L), "offer must be a string"),
                Arguments.of("requestor missing", Map.of("requestor", REMOVE), "requestor is missing"),
                Arguments.of("requestor too long", Map.of("requestor", "x".repeat(201)), "requestor is longer"),
                Arguments.of("kind missing", Map.of("kind", REMOVE), "kind is missing"),
                Arguments.of("unknown kind", Map.of("kind", "viewer"), "kind must be \"broadcaster\" or \"participant\", not \"viewer\""),
                Arguments.of("broadcaster with parent", Map.of("parent", "b0"), "parent must be \"\" for a broadcaster"),
                Arguments.of("participant without parent", Map.of("kind", "participant"), "parent (the broadcaster's id) is missing"),
                Arguments.of("participant bad parent", Map.of("kind", "participant", "parent", "../x"), "parent is not a valid document id"),
                Arguments.of("abort not boolean", Map.of("abort", "yes"), "abort must be true or false"),
                Arguments.of("answer not string", Map.of("answer", 1L), "answer must be a string"));
    }

    private static final String REMOVE = "\u0000remove";

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void badDocumentsGetAClearError(String name, Map<String, Object> changes, String message) {
        Map<String, Object> d = browserDoc("broadcaster", "");
        changes.forEach((k, v) -> {
            if (REMOVE.equals(v)) {
                d.remove(k);
            } else {
                d.put(k, v);
            }
        });
        assertThatThrownBy(() -> codec.parse(new Document("broadcast_requests/bad", d)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    }
}
