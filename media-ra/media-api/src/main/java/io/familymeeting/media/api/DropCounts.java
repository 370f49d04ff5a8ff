package io.familymeeting.media.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input the media engine refused, by cause: for one participant (its transport) or for the whole
 * instance. Anyone can send datagrams to the media port with any source address; these show how
 * much of that was dropped, and why. None of it ever fails a participant.
 *
 * @param garbage           datagrams of no protocol on the port (RFC 7983 first byte), or too short for one
 * @param dtlsRejected      DTLS datagrams that could not have come from the peer (wrong epoch,
 *                          version or content type, truncated, too short for the cipher suite)
 * @param srtpAuthFailed    SRTP packets whose authentication tag did not verify (RFC 3711 §3.3)
 * @param srtpReplayed      SRTP packets already received or older than the replay window (RFC 3711 §3.3.2)
 * @param srtcpAuthFailed   SRTCP packets whose tag did not verify
 * @param srtcpReplayed     SRTCP packets already received or too old
 * @param srtpInvalid       SRTP / SRTCP packets malformed, arriving before the keys, or beyond the SSRC limit
 * @param rtcpMalformed     decrypted RTCP compound packets that ended in a malformed packet (the valid
 *                          packets before it are used)
 * @param unroutable        decrypted RTP that no track takes (unknown SSRC, media from a viewer)
 * @param stunRejected      STUN checks from new addresses refused before ICE saw them (outside the
 *                          allowed networks, bad MESSAGE-INTEGRITY, unknown ufrag, too many addresses)
 * @param overflow          datagrams dropped for lack of room (a full receive, DTLS or send queue) or
 *                          refused by the socket
 * @param candidatesIgnored remote ICE candidates ignored because their network is not allowed (not packets)
 */
public record DropCounts(long garbage, long dtlsRejected, long srtpAuthFailed, long srtpReplayed,
                         long srtcpAuthFailed, long srtcpReplayed, long srtpInvalid, long rtcpMalformed,
                         long unroutable, long stunRejected, long overflow, long candidatesIgnored)
        implements java.io.Serializable {

    public static final DropCounts NONE = new DropCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Dropped datagrams over every cause ({@link #candidatesIgnored} is not a datagram count). */
    public long total() {
        return garbage + dtlsRejected + srtpAuthFailed + srtpReplayed + srtcpAuthFailed + srtcpReplayed
                + srtpInvalid + rtcpMalformed + unroutable + stunRejected + overflow;
    }

    public DropCounts plus(DropCounts o) {
        return new DropCounts(garbage + o.garbage, dtlsRejected + o.dtlsRejected, srtpAuthFailed + o.srtpAuthFailed,
                srtpReplayed + o.srtpReplayed, srtcpAuthFailed + o.srtcpAuthFailed, srtcpReplayed + o.srtcpReplayed,
                srtpInvalid + o.srtpInvalid, rtcpMalformed + o.rtcpMalformed, unroutable + o.unroutable,
                stunRejected + o.stunRejected, overflow + o.overflow, candidatesIgnored + o.candidatesIgnored);
    }

    /** The same counts with {@code n} STUN rejections (the instance's own count covers every transport). */
    public DropCounts withStunRejected(long n) {
        return new DropCounts(garbage, dtlsRejected, srtpAuthFailed, srtpReplayed, srtcpAuthFailed, srtcpReplayed,
                srtpInvalid, rtcpMalformed, unroutable, n, overflow, candidatesIgnored);
    }

    /** The same counts with {@code n} more overflow drops (e.g. the send queues'). */
    public DropCounts plusOverflow(long n) {
        return new DropCounts(garbage, dtlsRejected, srtpAuthFailed, srtpReplayed, srtcpAuthFailed, srtcpReplayed,
                srtpInvalid, rtcpMalformed, unroutable, stunRejected, overflow + n, candidatesIgnored);
    }

    /**
     * The non-zero causes as "cause n" joined by ", " (and the ignored candidates), or "none".
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : byCause().entrySet()) {
            if (e.getValue() != 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
        }
        if (candidatesIgnored != 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append("candidates_ignored ").append(candidatesIgnored);
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /**
     * Cause name to count, in a fixed order, with snake_case names (the {@code cause} attribute of
     * the {@code familymeeting.media.dropped} metric and the console's labels).
     */
    public Map<String, Long> byCause() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("garbage", garbage);
        m.put("dtls_rejected", dtlsRejected);
        m.put("srtp_auth_failed", srtpAuthFailed);
        m.put("srtp_replayed", srtpReplayed);
        m.put("srtcp_auth_failed", srtcpAuthFailed);
        m.put("srtcp_replayed", srtcpReplayed);
        m.put("srtp_invalid", srtpInvalid);
        m.put("rtcp_malformed", rtcpMalformed);
        m.put("unroutable", unroutable);
        m.put("stun_rejected", stunRejected);
        m.put("overflow", overflow);
        return m;
    }
}
