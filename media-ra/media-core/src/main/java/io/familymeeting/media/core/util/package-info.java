/**
 * Small allocation-free helpers of the SFU's wire layer: RFC 7983 first-byte demultiplexing
 * ({@link io.familymeeting.media.core.util.PacketDemux}), wrap-around sequence/timestamp
 * arithmetic ({@link io.familymeeting.media.core.util.SeqNum}), the one stream rewriter used
 * for sequence numbers, timestamps and picture ids
 * ({@link io.familymeeting.media.core.util.StreamRewriter}), and big-endian byte access
 * ({@link io.familymeeting.media.core.util.Bytes}).
 */
package io.familymeeting.media.core.util;
