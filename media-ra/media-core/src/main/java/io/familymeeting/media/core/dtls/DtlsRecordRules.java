package io.familymeeting.media.core.dtls;

import java.util.Objects;

/**
 * What {@link DtlsRecordFilter} needs to know about one DTLS association to tell records that
 * can be genuine from those that cannot: the phase, whether the peer's last flight may still
 * come again in epoch 0, and how epoch-1 records are protected. Immutable; the transport swaps
 * in a new value when the cipher suite is chosen and when the handshake completes.
 *
 * @param handshakeDone             the handshake completed: only DTLS 1.2 records of epoch 1
 *                                  (and the retransmitted flight below) can be genuine
 * @param acceptsRetransmittedFlight after the handshake, the peer may retransmit its last flight
 *                                  (epoch-0 handshake and change_cipher_spec records) when our
 *                                  final flight was lost; only the side that sent the final
 *                                  flight (the server of a full handshake) answers it
 *                                  (RFC 6347 §4.2.4)
 * @param protection                lengths of protected (epoch 1) records
 */
public record DtlsRecordRules(boolean handshakeDone, boolean acceptsRetransmittedFlight,
                              RecordProtection protection) {

    public DtlsRecordRules {
        Objects.requireNonNull(protection, "protection");
    }

    /** During the handshake, with the protection of the chosen suite (or {@link RecordProtection#UNKNOWN}). */
    public static DtlsRecordRules handshake(RecordProtection protection) {
        return new DtlsRecordRules(false, false, protection);
    }

    /** After the handshake; {@code server}: we sent the final flight and answer its retransmission. */
    public static DtlsRecordRules connected(RecordProtection protection, boolean server) {
        return new DtlsRecordRules(true, server, protection);
    }
}
