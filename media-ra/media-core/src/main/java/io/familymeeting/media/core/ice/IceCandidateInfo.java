package io.familymeeting.media.core.ice;

import java.util.Objects;

/**
 * One ICE candidate as written in or read from an SDP {@code a=candidate} line
 * (RFC 8839 §5.1): {@code foundation component transport priority address port typ type
 * [raddr relatedAddress rport relatedPort]}. A plain value: it does not parse or format SDP.
 *
 * @param foundation     1 to 32 ice-chars (RFC 8839 §5.1)
 * @param component      component id; 1 for RTP (with rtcp-mux and BUNDLE the only one used)
 * @param transport      "udp" (the only transport this server offers or accepts)
 * @param priority       32-bit unsigned priority (RFC 8445 §5.1.2.1), held in a long
 * @param address        IP address literal (or, from a browser, an mDNS name that we ignore)
 * @param port           UDP port
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress the base address for srflx/prflx/relay candidates, else {@code null}
 * @param relatedPort    the base port, or -1 when there is no related address
 */
public record IceCandidateInfo(String foundation, int component, String transport, long priority,
                               String address, int port, IceCandidateType type,
                               String relatedAddress, int relatedPort) {

    /** Largest priority value: priorities are 32-bit unsigned (RFC 8445 §5.1.2.1). */
    public static final long MAX_PRIORITY = 0xFFFF_FFFFL;

    public IceCandidateInfo {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component id out of range: " + component);
        }
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (relatedAddress == null) {
            relatedPort = -1;
        } else if (relatedPort < 0 || relatedPort > 65535) {
            throw new IllegalArgumentException("related port out of range: " + relatedPort);
        }
    }

    /** A candidate without related address (host candidates, or when raddr is unknown). */
    public IceCandidateInfo(String foundation, int component, String transport, long priority,
                            String address, int port, IceCandidateType type) {
        this(foundation, component, transport, priority, address, port, type, null, -1);
    }
}
