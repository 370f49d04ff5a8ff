package io.familymeeting.loadtest.peer;

import io.familymeeting.media.core.sdp.answer.HeaderExtensions;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Writes the clients' SDP as Chromium would for the same media, cut to what the load generator
 * sends and reads: one Opus audio and one VP8 video section, BUNDLE, rtcp-mux, the header
 * extensions the engine uses (abs-send-time, transport-wide-cc, mid; RFC 8285), NACK, PLI and
 * transport-cc feedback, one host candidate (the client's socket) and the DTLS fingerprint.
 * Offers say {@code a=setup:actpass} (the client is ICE controlling); answers to a server's
 * offer say {@code a=ice-lite} and {@code a=setup:active} (the client answers checks and opens
 * DTLS). No RTX, no simulcast, no data channel.
 */
public final class LocalDescriptions {
    /** Payload types as Chromium numbers them. */
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    /** Our header extension ids (the answer echoes them, RFC 8285 §6). */
    public static final int ABS_SEND_TIME_ID = 2;
    public static final int TRANSPORT_CC_ID = 3;
    public static final int MID_ID = 4;

    private LocalDescriptions() {
    }

    /** The client's ICE credentials, DTLS fingerprint ("sha-256 AB:..") and socket address. */
    public record LocalIce(String ufrag, String pwd, String fingerprint, InetSocketAddress address) {
    }

    /**
     * An offer: {@code sendonly} with the two SSRCs (a presenter) or {@code recvonly} (a viewer,
     * SSRCs ignored).
     */
    public static String offer(LocalIce ice, boolean send, long audioSsrc, long videoSsrc, String cname) {
        StringBuilder sdp = session(ice, "0 1", false);
        section(sdp, ice, "audio", "0", "actpass", send ? "sendonly" : "recvonly", OPUS_PT, MID_ID, ABS_SEND_TIME_ID,
                TRANSPORT_CC_ID);
        if (send) {
            ssrc(sdp, audioSsrc, cname, "audio");
        }
        section(sdp, ice, "video", "1", "actpass", send ? "sendonly" : "recvonly", VP8_PT, MID_ID, ABS_SEND_TIME_ID,
                TRANSPORT_CC_ID);
        if (send) {
            ssrc(sdp, videoSsrc, cname, "video");
        }
        return sdp.toString();
    }

    /**
     * A recvonly answer to a server's offer (Janus: the subscriber's offer): each audio section
     * with Opus and each video section with VP8 is accepted with the offer's payload type and
     * extension ids; anything else is rejected (port 0).
     */
    public static String answer(LocalIce ice, RemoteDescription offer) {
        StringBuilder sdp = session(ice, String.join(" ", accepted(offer)), true);
        for (RemoteDescription.Section s : offer.sections) {
            int pt = s.kind.equals("audio") ? s.payloadType("opus") : s.kind.equals("video") ? s.payloadType("VP8") : -1;
            if (pt < 0 || s.port == 0) {
                sdp.append("m=").append(s.kind).append(" 0 UDP/TLS/RTP/SAVPF ")
                        .append(s.formats.isEmpty() ? "0" : s.formats.get(0)).append("\r\n")
                        .append("c=IN IP4 0.0.0.0\r\n")
                        .append("a=mid:").append(s.mid).append("\r\n")
                        .append("a=inactive\r\n");
                continue;
            }
            String direction = s.direction.equals("sendonly") || s.direction.equals("sendrecv") ? "recvonly" : "inactive";
            section(sdp, ice, s.kind, s.mid, "active", direction, pt, s.extensionId(HeaderExtensions.MID),
                    s.extensionId(HeaderExtensions.ABS_SEND_TIME), s.extensionId(HeaderExtensions.TRANSPORT_WIDE_CC));
        }
        return sdp.toString();
    }

    private static List<String> accepted(RemoteDescription offer) {
        return offer.sections.stream()
                .filter(s -> s.port != 0 && (s.payloadType("opus") >= 0 || s.payloadType("VP8") >= 0))
                .map(s -> s.mid).toList();
    }

    private static StringBuilder session(LocalIce ice, String bundle, boolean lite) {
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0\r\n")
                .append("o=- ").append(System.nanoTime() & 0x7FFFFFFFFFFFL).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n");
        if (lite) {
            sdp.append("a=ice-lite\r\n");
        }
        sdp.append("a=group:BUNDLE ").append(bundle).append("\r\n")
                .append("a=extmap-allow-mixed\r\n")
                .append("a=msid-semantic: WMS lt\r\n");
        return sdp;
    }

    private static void section(StringBuilder sdp, LocalIce ice, String kind, String mid, String setup, String direction,
                                int pt, int midId, int absSendTimeId, int transportCcId) {
        String ip = ice.address().getAddress().getHostAddress();
        int port = ice.address().getPort();
        sdp.append("m=").append(kind).append(' ').append(port).append(" UDP/TLS/RTP/SAVPF ").append(pt).append("\r\n")
                .append("c=IN IP4 ").append(ip).append("\r\n")
                .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append("a=candidate:1 1 udp 2130706431 ").append(ip).append(' ').append(port).append(" typ host generation 0\r\n")
                .append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n")
                .append("a=ice-pwd:").append(ice.pwd()).append("\r\n")
                .append("a=fingerprint:").append(ice.fingerprint()).append("\r\n")
                .append("a=setup:").append(setup).append("\r\n")
                .append("a=mid:").append(mid).append("\r\n");
        if (absSendTimeId > 0) {
            sdp.append("a=extmap:").append(absSendTimeId).append(' ').append(HeaderExtensions.ABS_SEND_TIME).append("\r\n");
        }
        if (transportCcId > 0) {
            sdp.append("a=extmap:").append(transportCcId).append(' ').append(HeaderExtensions.TRANSPORT_WIDE_CC).append("\r\n");
        }
        if (midId > 0) {
            sdp.append("a=extmap:").append(midId).append(' ').append(HeaderExtensions.MID).append("\r\n");
        }
        sdp.append("a=").append(direction).append("\r\n");
        if (direction.equals("sendonly")) {
            sdp.append("a=msid:lt ").append(kind).append("\r\n");
        }
        sdp.append("a=rtcp-mux\r\n")
                .append("a=rtcp-rsize\r\n");
        if (kind.equals("audio")) {
            sdp.append("a=rtpmap:").append(pt).append(" opus/48000/2\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" transport-cc\r\n")
                    .append("a=fmtp:").append(pt).append(" minptime=10;useinbandfec=1\r\n");
        } else {
            sdp.append("a=rtpmap:").append(pt).append(" VP8/90000\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" goog-remb\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" transport-cc\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" ccm fir\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" nack\r\n")
                    .append("a=rtcp-fb:").append(pt).append(" nack pli\r\n");
        }
    }

    private static void ssrc(StringBuilder sdp, long ssrc, String cname, String track) {
        sdp.append("a=ssrc:").append(ssrc).append(" cname:").append(cname).append("\r\n")
                .append("a=ssrc:").append(ssrc).append(" msid:lt ").append(track).append("\r\n");
    }
}
