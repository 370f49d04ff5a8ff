/**
 * RTP wire format (RFC 3550 §5, RFC 8285 header extensions): a reusable packet view over
 * {@code (byte[], offset, length)}, RTX encapsulation (RFC 4588), key frame detection from the
 * codec payload descriptors (VP8, VP9, H.264, AV1), and the per-stream send history used to
 * answer NACKs. Views never allocate per packet and never own the buffers they look at.
 */
package io.familymeeting.media.core.rtp;
