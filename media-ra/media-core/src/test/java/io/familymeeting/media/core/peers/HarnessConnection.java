package io.familymeeting.media.core.peers;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * One named RTCPeerConnection inside a harness page (peers/harness.js), seen from Java.
 * Offers and answers come back complete, with every ICE candidate (no trickle), as the SFU
 * expects. A page can hold several connections ({@link HarnessPeer#connection(String)}).
 *
 * <p>It asserts nothing itself except in {@link #awaitStats}; failures in the page surface
 * as {@link HarnessException} with the JavaScript error text.
 */
public final class HarnessConnection {
    private static final String INVOKE = "const done = arguments[arguments.length - 1];"
            + "window.harness.invoke(arguments[0], arguments[1]).then(done);";
    private static final Duration POLL = Duration.ofMillis(250);

    private final ChromiumPeer browser;
    private final String name;

    HarnessConnection(ChromiumPeer browser, String name) {
        this.browser = Objects.requireNonNull(browser, "browser");
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** Sendonly fake microphone + fake camera; returns the offer SDP after gathering. */
    public String makePresenterOffer() {
        return makePresenterOffer(true, true, false);
    }

    /**
     * Sendonly transceivers for the chosen tracks, m-lines in the order audio, camera,
     * screen; {@code screen} adds a second video track from getDisplayMedia (Chromium's
     * fake 800x600 screen capture).
     */
    public String makePresenterOffer(boolean audio, boolean video, boolean screen) {
        return (String) call("makePresenterOffer",
                Map.of("audio", audio, "video", video, "screen", screen));
    }

    /**
     * Sendonly fake microphone + fake camera, the camera as simulcast: three encodings with
     * rids q (a quarter of the size), h (half) and f (full), one m-line.
     */
    public String makeSimulcastPresenterOffer() {
        return (String) call("makePresenterOffer",
                Map.of("audio", true, "video", true, "screen", false, "simulcast", true));
    }

    /**
     * One sent video encoding (an outbound-rtp entry): its rid (null without simulcast), width and
     * counters; {@code pliCount} counts the keyframe requests (PLI) the encoding received.
     */
    public record Encoding(String rid, long frameWidth, long framesEncoded, long packetsSent, long pliCount) {
    }

    /** The video encodings this connection sends now. */
    public List<Encoding> outboundVideo() {
        List<Encoding> out = new java.util.ArrayList<>();
        for (Object o : (List<?>) call("outboundVideo")) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object rid = m.get("rid");
            out.add(new Encoding(rid == null ? null : rid.toString(), ((Number) m.get("frameWidth")).longValue(),
                    ((Number) m.get("framesEncoded")).longValue(), ((Number) m.get("packetsSent")).longValue(),
                    ((Number) m.get("pliCount")).longValue()));
        }
        return out;
    }

    /**
     * Renegotiates this (connected) connection: adds the fake screen capture as one more
     * sendonly video transceiver and returns the new offer (same ICE credentials and DTLS).
     */
    public String addScreenAndReoffer() {
        return (String) call("addScreenAndReoffer");
    }

    /**
     * Renegotiates this (connected) viewer with one more recvonly video transceiver and
     * returns the new offer.
     */
    public String addViewerSlotAndReoffer() {
        return (String) call("addViewerSlotAndReoffer");
    }

    /** Recvonly audio and one recvonly video transceiver; returns the offer SDP. */
    public String makeViewerOffer() {
        return makeViewerOffer(1);
    }

    /** Recvonly audio and {@code videoSlots} recvonly video transceivers. */
    public String makeViewerOffer(int videoSlots) {
        return (String) call("makeViewerOffer", Map.of("audio", true, "videoSlots", videoSlots));
    }

    /**
     * Answers a remote offer (for peer-to-peer tests without the SFU): receives what the
     * offer sends, and sends fake camera / microphone where the offer wants to receive.
     */
    public String makeAnswer(String offerSdp) {
        return (String) call("makeAnswer", offerSdp);
    }

    /** Applies the answer to this connection's pending offer. */
    public void applyAnswer(String answerSdp) {
        call("applyAnswer", answerSdp);
    }

    public PeerStats stats() {
        return PeerStats.fromScript(call("stats"));
    }

    /** The selected candidate pair's send bandwidth estimate in bits/s, if there is one yet. */
    public OptionalDouble availableOutgoingBitrate() {
        Object value = call("availableOutgoingBitrate");
        return value instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    /** signalingState, iceGatheringState, iceConnectionState and connectionState. */
    @SuppressWarnings("unchecked")
    public Map<String, String> state() {
        return (Map<String, String>) call("state");
    }

    /** The local SDP as last set, or null. */
    public String localDescription() {
        return (String) call("localDescription");
    }

    /**
     * The longest time without a newly decoded video frame since {@link #startFrameWatch}, as the
     * page sampled it every 100 ms ({@code maxSampleIntervalMs}: the coarsest sample interval, the
     * measurement's resolution), the samples taken and the frames decoded at the last sample.
     */
    public record FrameWatch(long maxGapMs, long samples, long maxSampleIntervalMs, long framesDecoded) {
    }

    /** Starts sampling framesDecoded in the page (see {@link FrameWatch}). */
    public void startFrameWatch() {
        call("watchFrames");
    }

    public FrameWatch frameWatch() {
        Map<?, ?> m = (Map<?, ?>) call("frameWatch");
        return new FrameWatch(((Number) m.get("maxGapMs")).longValue(), ((Number) m.get("samples")).longValue(),
                ((Number) m.get("maxSampleIntervalMs")).longValue(), ((Number) m.get("framesDecoded")).longValue());
    }

    /** Stops this connection's tracks and closes it; the name can be used afresh. */
    public void close() {
        call("close");
    }

    /**
     * Polls {@link #stats()} until the condition holds and returns that snapshot; throws
     * {@link AssertionError} with the last snapshot when the timeout passes.
     */
    public PeerStats awaitStats(Predicate<PeerStats> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PeerStats last = stats();
        while (!condition.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("connection '" + name + "': stats condition not met within "
                        + timeout + "; last stats: " + last + "; state: " + state());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for stats", e);
            }
            last = stats();
        }
        return last;
    }

    private Object call(String function, Object... args) {
        List<Object> arguments = new java.util.ArrayList<>();
        arguments.add(name);
        arguments.addAll(Arrays.asList(args));
        Object result = browser.executeAsync(INVOKE, function, arguments);
        if (!(result instanceof Map<?, ?> outcome)) {
            throw new HarnessException(function + ": unexpected result " + result
                    + " (is the harness page open?)");
        }
        if (outcome.containsKey("error")) {
            throw new HarnessException(function + "(" + name + ") failed in the page: "
                    + outcome.get("error"));
        }
        return outcome.get("value");
    }
}
