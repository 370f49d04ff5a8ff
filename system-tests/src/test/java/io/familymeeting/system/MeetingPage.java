package io.familymeeting.system;

import io.familymeeting.media.core.peers.ChromiumPeer;
import io.familymeeting.media.core.peers.PeerStats;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One headless Chromium on the real room page ({@code /meeting/room.html?...&auto=1}) or the
 * broadcast page ({@code /meeting/broadcast.html?...&auto=1}), read through the pages' test
 * hooks ({@code window.fm}: state(), stats(), leave() / end()). It knows the pages, not the
 * server.
 */
final class MeetingPage implements AutoCloseable {
    private final ChromiumPeer browser;
    private final String name;

    private MeetingPage(ChromiumPeer browser, String name) {
        this.browser = browser;
        this.name = name;
    }

    static MeetingPage join(MeetingServer server, String room, String name, String role) {
        return join(server, room, name, role, "");
    }

    /** With more query parameters of the room page, e.g. {@code "&videoSlots=1"}. */
    static MeetingPage join(MeetingServer server, String room, String name, String role, String moreQuery) {
        return open(server, "room.html?room=" + enc(room) + "&name=" + enc(name) + "&role=" + role + "&auto=1" + moreQuery, name);
    }

    /**
     * The broadcast page ({@code /meeting/broadcast.html}, the broadcast_requests flow): kind
     * "broadcaster" (parent ignored) or "participant" of the broadcast document {@code parent}.
     */
    static MeetingPage broadcast(MeetingServer server, String kind, String parent, String name) {
        return open(server, "broadcast.html?kind=" + kind + "&parent=" + enc(parent) + "&name=" + enc(name) + "&auto=1", name);
    }

    /** A link as a person gets it, e.g. the console's invitation (room page, join token in the fragment). */
    static MeetingPage openLink(URI link, String name) {
        ChromiumPeer browser = ChromiumPeer.launch();
        try {
            browser.open(link);
            return new MeetingPage(browser, name);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    private static MeetingPage open(MeetingServer server, String pageAndQuery, String name) {
        return openLink(server.meeting(pageAndQuery), name);
    }

    /**
     * This page's browser on another room page (no new Chromium): the page it showed is left
     * as a user leaves it, by navigating away. Both objects then share the browser.
     */
    MeetingPage rejoin(MeetingServer server, String room, String name, String role) {
        browser.open(server.meeting("room.html?room=" + enc(room) + "&name=" + enc(name) + "&role=" + role + "&auto=1"));
        return new MeetingPage(browser, name);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        Object v = browser.execute("return window.fm ? window.fm.state() : null;");
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    PeerStats stats() {
        return PeerStats.fromScript(browser.executeAsync(
                "const done = arguments[arguments.length - 1]; window.fm.stats().then(done, e => done(String(e)));"));
    }

    /** Polls the page's stats until the condition holds; fails with the last stats and state. */
    PeerStats awaitStats(Predicate<PeerStats> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PeerStats last = null;
        while (System.nanoTime() < deadline) {
            last = stats();
            if (condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(250);
        }
        throw new AssertionError(name + ": condition not met within " + timeout + "; last stats " + last
                + "; state " + state() + "; console " + browser.consoleLog());
    }

    /** Polls the page's state until the condition holds. */
    Map<String, Object> awaitState(Predicate<Map<String, Object>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = state();
            if (condition.test(last)) {
                return last;
            }
            PayaraMicro.sleep(250);
        }
        throw new AssertionError(name + ": state condition not met within " + timeout + "; last state " + last
                + "; console " + browser.consoleLog());
    }

    /**
     * The page's Firebase anonymous sign-in as js/signaling/firebase.js recorded it
     * ({@code uid}, {@code ms}: how long signInAnonymously took), or an empty map when the page
     * did not sign in. Reads the page's own module instance (same URL, same module).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> signIn() {
        Object v = browser.executeAsync("const done = arguments[arguments.length - 1];"
                + " import(new URL('js/signaling/firebase.js', document.baseURI).href)"
                + ".then((m) => done(m.signInState()), (e) => done(String(e)));");
        if (v instanceof String error) {
            throw new AssertionError(name + ": cannot read the sign-in state: " + error);
        }
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * Merges {@code fields} into the document at {@code path} with the page's own Firestore
     * instance (its sign-in, its rules), as a script on the page could; returns "written" or
     * the SDK's error code (e.g. "permission-denied").
     */
    String writeAsPage(String path, Map<String, Object> fields) {
        Object v = browser.executeAsync("const [path, fields, done] = arguments;"
                + " const base = document.baseURI;"
                + " Promise.all([import(new URL('js/signaling/firebase.js', base).href),"
                + "   import(new URL('js/vendor/firebase-firestore.js', base).href)])"
                + " .then(async ([firebase, sdk]) => {"
                + "   const db = await firebase.openFirestore(null);"
                + "   await sdk.setDoc(sdk.doc(db, path), fields, { merge: true });"
                + "   done('written');"
                + " }).catch((e) => done(e.code || String(e)));", path, fields);
        return String.valueOf(v);
    }

    /**
     * The headers that show this page's participant key (kept in its sessionStorage by
     * js/signaling/access.js), for reading its own document as the page does.
     */
    Map<String, String> holder() {
        Map<String, Object> st = state();
        Object key = browser.execute("return sessionStorage.getItem('familymeeting.participantKey.' + arguments[0] + '/' + arguments[1]);",
                st.get("roomId"), st.get("participantId"));
        if (!(key instanceof String k)) {
            throw new AssertionError(name + ": no participant key in the page's sessionStorage; state " + st);
        }
        return Map.of("X-Participant-Key", k);
    }

    /**
     * Reads the document at {@code path} with the page's own Firestore instance (its sign-in,
     * its rules), as a script on the page could: "read", "missing" or the SDK's error code
     * (e.g. "permission-denied").
     */
    String readAsPage(String path) {
        Object v = browser.executeAsync("const [path, done] = arguments;"
                + " const base = document.baseURI;"
                + " Promise.all([import(new URL('js/signaling/firebase.js', base).href),"
                + "   import(new URL('js/vendor/firebase-firestore.js', base).href)])"
                + " .then(async ([firebase, sdk]) => {"
                + "   const db = await firebase.openFirestore(null);"
                + "   const snapshot = await sdk.getDoc(sdk.doc(db, path));"
                + "   done(snapshot.exists() ? 'read' : 'missing');"
                + " }).catch((e) => done(e.code || String(e)));", path);
        return String.valueOf(v);
    }

    String participantId() {
        return String.valueOf(state().get("participantId"));
    }

    long offerRev() {
        Object v = state().get("offerRev");
        return v instanceof Number n ? n.longValue() : -1;
    }

    /** Clicks a button of the page, as a user would (a real gesture, e.g. for getDisplayMedia). */
    void click(String elementId) {
        browser.driver().findElement(By.id(elementId)).click();
    }

    /** Runs a window.fm function returning a Promise (end(), shareScreen(), ...) and waits for it. */
    void call(String fmFunction) {
        Object r = browser.executeAsync("const done = arguments[arguments.length - 1]; window.fm." + fmFunction
                + "().then(() => done(true), e => done(String(e)));");
        if (!Boolean.TRUE.equals(r)) {
            throw new AssertionError(name + ": window.fm." + fmFunction + "() failed: " + r + "; console " + browser.consoleLog());
        }
    }

    void leave() {
        browser.executeAsync("const done = arguments[arguments.length - 1]; window.fm.leave().then(() => done(true), e => done(String(e)));");
    }

    URI url() {
        return URI.create(browser.driver().getCurrentUrl());
    }

    @Override
    public void close() {
        browser.close();
    }
}
