package io.familymeeting.media.core.rtsp;

import java.util.Locale;

/**
 * The Transport header of SETUP (RFC 2326 §12.39) for the two unicast transports the client
 * uses: RTP over the RTSP connection ({@code RTP/AVP/TCP;unicast;interleaved=0-1}) and RTP
 * over UDP ({@code RTP/AVP;unicast;client_port=5000-5001}). Parses what the server chose.
 *
 * @param tcp          interleaved on the RTSP connection
 * @param rtpChannel   interleaved channel (tcp) or RTP port (server_port for a reply, client_port for a request)
 * @param rtcpChannel  the RTCP channel or port
 * @param ssrc         the server's announced SSRC, or -1
 */
public record TransportHeader(boolean tcp, int rtpChannel, int rtcpChannel, long ssrc) {

    public static TransportHeader interleaved(int rtpChannel) {
        return new TransportHeader(true, rtpChannel, rtpChannel + 1, -1);
    }

    public static TransportHeader udp(int clientRtpPort, int clientRtcpPort) {
        return new TransportHeader(false, clientRtpPort, clientRtcpPort, -1);
    }

    /** The header value of a SETUP request. */
    public String requestValue() {
        return tcp
                ? "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + rtcpChannel
                : "RTP/AVP;unicast;client_port=" + rtpChannel + "-" + rtcpChannel;
    }

    /**
     * The transport the server chose, from its SETUP reply: for TCP the interleaved channels,
     * for UDP the server_port pair. Returns null when the value names neither.
     */
    public static TransportHeader parseReply(String value) {
        if (value == null) {
            return null;
        }
        // A reply names one transport; take the first of a comma-separated list.
        String spec = value.split(",")[0].trim();
        String[] parts = spec.split(";");
        String proto = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp = proto.endsWith("/TCP");
        int[] channels = null;
        long ssrc = -1;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).trim();
            if ((tcp && k.equals("interleaved")) || (!tcp && k.equals("server_port"))) {
                channels = range(v);
            } else if (k.equals("ssrc")) {
                try {
                    ssrc = Long.parseLong(v, 16) & 0xFFFFFFFFL;
                } catch (NumberFormatException e) {
                    ssrc = -1;
                }
            }
        }
        if (channels == null) {
            return null;
        }
        return new TransportHeader(tcp, channels[0], channels[1], ssrc);
    }

    /** "5000-5001" or "5000" (then RTCP is the next one). */
    private static int[] range(String v) {
        try {
            int dash = v.indexOf('-');
            if (dash < 0) {
                int a = Integer.parseInt(v);
                return new int[] {a, a + 1};
            }
            return new int[] {Integer.parseInt(v.substring(0, dash).trim()), Integer.parseInt(v.substring(dash + 1).trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
