/**
 * RTCP wire format: one class per message (SR, RR, SDES, BYE, Generic NACK, PLI, FIR,
 * transport-cc feedback written by {@link io.familymeeting.media.core.rtcp.TransportCcBuilder}),
 * a compound packet iterator, NTP timestamps, and per-stream receive statistics (RFC 3550
 * Appendix A). Parsers are reusable views or static readers over {@code (byte[], off, len)};
 * writers write into caller buffers and return the length written (-1 when it does not fit).
 */
package io.familymeeting.media.core.rtcp;
