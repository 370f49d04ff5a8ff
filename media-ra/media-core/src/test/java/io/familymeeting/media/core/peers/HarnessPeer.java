package io.familymeeting.media.core.peers;

import java.util.OptionalDouble;

/**
 * A headless Chromium with the harness page open: the real WebRTC peer that engine and
 * system tests talk to. The offer / answer / stats methods act on the page's default
 * connection ("main"); {@link #connection(String)} gives further connections in the same
 * browser (cheaper than one Chromium per participant).
 *
 * <pre>{@code
 * try (HarnessServer server = HarnessServer.start();
 *      HarnessPeer peer = HarnessPeer.open(server)) {
 *     String offer = peer.makePresenterOffer();
 *     peer.applyAnswer(engine.answer(...));
 *     peer.awaitStats(s -> s.outbound().packetsSent() > 100, Duration.ofSeconds(20));
 * }
 * }</pre>
 *
 * It does not carry signaling; the test passes SDP between the page and the other side.
 */
public final class HarnessPeer implements AutoCloseable {
    public static final String MAIN = "main";

    private final ChromiumPeer browser;
    private final HarnessConnection main;

    private HarnessPeer(ChromiumPeer browser) {
        this.browser = browser;
        this.main = new HarnessConnection(browser, MAIN);
    }

    /** Launches a Chromium and opens the server's harness page in it. */
    public static HarnessPeer open(HarnessServer server) {
        ChromiumPeer browser = ChromiumPeer.launch();
        try {
            browser.open(server.harnessPage());
            Object ready = browser.execute("return typeof window.harness === 'object';");
            if (!Boolean.TRUE.equals(ready)) {
                throw new HarnessException("harness page did not load from " + server.harnessPage());
            }
            return new HarnessPeer(browser);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /** A named connection in this page (created in the page on first use). */
    public HarnessConnection connection(String name) {
        return MAIN.equals(name) ? main : new HarnessConnection(browser, name);
    }

    public ChromiumPeer browser() {
        return browser;
    }

    /** @see HarnessConnection#makePresenterOffer() */
    public String makePresenterOffer() {
        return main.makePresenterOffer();
    }

    /** @see HarnessConnection#makePresenterOffer(boolean, boolean, boolean) */
    public String makePresenterOffer(boolean audio, boolean video, boolean screen) {
        return main.makePresenterOffer(audio, video, screen);
    }

    /** @see HarnessConnection#makeViewerOffer(int) */
    public String makeViewerOffer(int videoSlots) {
        return main.makeViewerOffer(videoSlots);
    }

    /** @see HarnessConnection#makeViewerOffer() */
    public String makeViewerOffer() {
        return main.makeViewerOffer();
    }

    /** @see HarnessConnection#makeAnswer(String) */
    public String makeAnswer(String offerSdp) {
        return main.makeAnswer(offerSdp);
    }

    /** @see HarnessConnection#applyAnswer(String) */
    public void applyAnswer(String answerSdp) {
        main.applyAnswer(answerSdp);
    }

    /** @see HarnessConnection#stats() */
    public PeerStats stats() {
        return main.stats();
    }

    /** @see HarnessConnection#availableOutgoingBitrate() */
    public OptionalDouble availableOutgoingBitrate() {
        return main.availableOutgoingBitrate();
    }

    /** @see HarnessConnection#awaitStats */
    public PeerStats awaitStats(java.util.function.Predicate<PeerStats> condition, java.time.Duration timeout) {
        return main.awaitStats(condition, timeout);
    }

    /** Quits the browser and kills whatever of it is left. */
    @Override
    public void close() {
        browser.close();
    }
}
