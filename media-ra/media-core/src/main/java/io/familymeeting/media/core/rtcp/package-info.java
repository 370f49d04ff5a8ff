/**
 * RTCP wire format: one class per message (SR, RR, SDES, BYE, Generic NACK, PLI, FIR, REMB,
 * transport-cc), a compound packet iterator, and per-stream receive statistics (RFC 3550
 * Appendix A). Parsers are reusable views or static readers over {@code (byte[], off, len)};
 * writers write into caller buffers and return the length written (-1 when it does not fit).
 */
package io.familymeeting.media.core.rtcp;
