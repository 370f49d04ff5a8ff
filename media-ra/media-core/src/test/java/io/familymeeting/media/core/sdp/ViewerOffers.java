package io.familymeeting.media.core.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Viewer offers with many receive slots, made from Chromium's captured viewer offer
 * ({@code sdp/chromium-156-viewer.sdp}: session lines, one recvonly audio section, one
 * recvonly video section). The video section is repeated with mids 1..N: the first copy is
 * Chromium's own section with its formats cut to VP8 and its RTX (what Chromium writes after
 * {@code setCodecPreferences}); the further copies also leave out the ICE, DTLS and extmap
 * lines, which a BUNDLE offer needs only in its first section. With 63 video sections the
 * offer has 21.6 kB, near the one in the issue (19 KB of SDP, 63 recvonly video m-lines).
 */
public final class ViewerOffers {
    /** VP8 and its RTX in Chromium's offer. */
    private static final Set<String> KEPT_FORMATS = Set.of("96", "97");
    private static final Set<String> BUNDLE_ONCE = Set.of("a=ice-ufrag:", "a=ice-pwd:", "a=ice-options:",
            "a=fingerprint:", "a=setup:", "a=extmap:", "a=candidate:", "a=rtcp-xr:");

    private ViewerOffers() {
    }

    /** A recvonly offer with one audio and {@code videoSlots} video sections. */
    public static String withVideoSlots(int videoSlots) {
        List<String> lines = List.of(chromiumViewerOffer().split("\r?\n"));
        int audio = indexOf(lines, "m=audio");
        int video = indexOf(lines, "m=video");
        List<String> session = lines.subList(0, audio);
        List<String> audioSection = lines.subList(audio, video);
        List<String> videoSection = vp8Only(lines.subList(video, lines.size()));

        StringJoiner bundle = new StringJoiner(" ", "a=group:BUNDLE ", "");
        bundle.add("0");
        for (int i = 1; i <= videoSlots; i++) {
            bundle.add(Integer.toString(i));
        }
        StringBuilder sdp = new StringBuilder();
        for (String l : session) {
            sdp.append(l.startsWith("a=group:BUNDLE") ? bundle.toString() : l).append("\r\n");
        }
        audioSection.forEach(l -> sdp.append(l).append("\r\n"));
        for (int i = 1; i <= videoSlots; i++) {
            for (String l : videoSection) {
                if (i > 1 && BUNDLE_ONCE.stream().anyMatch(l::startsWith)) {
                    continue;
                }
                sdp.append(l.startsWith("a=mid:") ? "a=mid:" + i : l).append("\r\n");
            }
        }
        return sdp.toString();
    }

    /**
     * Read here rather than through {@link Fixtures}, whose parsing needs the engine's SDP
     * classes: the system tests use this class with the test jar alone.
     */
    private static String chromiumViewerOffer() {
        try (InputStream in = ViewerOffers.class.getResourceAsStream("/sdp/chromium-156-viewer.sdp")) {
            if (in == null) {
                throw new IllegalStateException("no sdp/chromium-156-viewer.sdp on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> vp8Only(List<String> section) {
        List<String> out = new ArrayList<>();
        for (String l : section) {
            if (l.startsWith("m=video")) {
                out.add("m=video 9 UDP/TLS/RTP/SAVPF 96 97");
            } else if (l.startsWith("a=rtpmap:") || l.startsWith("a=fmtp:") || l.startsWith("a=rtcp-fb:")) {
                String pt = l.substring(l.indexOf(':') + 1).split(" ", 2)[0];
                if (KEPT_FORMATS.contains(pt)) {
                    out.add(l);
                }
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalStateException("no " + prefix + " in the fixture");
    }
}
