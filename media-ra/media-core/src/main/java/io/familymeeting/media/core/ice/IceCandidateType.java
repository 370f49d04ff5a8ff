package io.familymeeting.media.core.ice;

import io.familymeeting.media.core.util.Excerpt;

import java.util.Locale;

import org.ice4j.ice.CandidateType;

/** ICE candidate types with their SDP token (RFC 8839 §5.1, "cand-type"). */
public enum IceCandidateType {
    HOST("host"),
    SRFLX("srflx"),
    PRFLX("prflx"),
    RELAY("relay");

    private final String sdpName;

    IceCandidateType(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The token written after {@code typ} in an {@code a=candidate} line. */
    public String sdpName() {
        return sdpName;
    }

    /** Parses an SDP {@code cand-type} token, case-insensitively. */
    public static IceCandidateType fromSdpName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (IceCandidateType type : values()) {
            if (type.sdpName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ICE candidate type: " + Excerpt.of(name));
    }

    static IceCandidateType fromIce4j(CandidateType type) {
        return switch (type) {
            case HOST_CANDIDATE, LOCAL_CANDIDATE -> HOST;
            case SERVER_REFLEXIVE_CANDIDATE, STUN_CANDIDATE -> SRFLX;
            case PEER_REFLEXIVE_CANDIDATE -> PRFLX;
            case RELAYED_CANDIDATE -> RELAY;
        };
    }

    CandidateType toIce4j() {
        return switch (this) {
            case HOST -> CandidateType.HOST_CANDIDATE;
            case SRFLX -> CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case PRFLX -> CandidateType.PEER_REFLEXIVE_CANDIDATE;
            case RELAY -> CandidateType.RELAYED_CANDIDATE;
        };
    }
}
