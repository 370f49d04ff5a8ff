/**
 * H.264 over RTP (RFC 6184) for RTSP ingest: a depacketizer (single NAL unit, STAP-A, FU-A)
 * that turns a camera's packets into NAL units, a packetizer that makes MTU-sized
 * packetization-mode 1 packets for WebRTC viewers, the repacketizer that joins them and puts
 * SPS/PPS in front of every IDR, and the profile classification used to match a camera's
 * profile-level-id with a viewer's offer. No transcoding: NAL units pass through unchanged.
 */
package io.familymeeting.media.core.h264;
