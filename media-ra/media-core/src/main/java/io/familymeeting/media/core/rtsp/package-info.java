/**
 * RTSP ingest (RFC 2326): an IP camera as a room's presenter. Wire formats first (the
 * response / interleaved-frame stream parser, requests, Transport and Session headers,
 * Basic and Digest authentication), then the client that drives one RTSP session over
 * non-blocking channels on a thread its owner lends it. Above it, a
 * {@link io.familymeeting.media.core.rtsp.Camera} is what the room sees: its
 * {@code CameraLoop} keeps a session alive (on demand or always) and reconnects with backoff,
 * one {@code CameraSession} at a time (OPTIONS, DESCRIBE, SETUP, PLAY, keep-alive, TEARDOWN);
 * its {@code CameraIngest} feeds the room's producers and {@code CameraStats} measures what
 * arrives. Before every connection (and redirect) {@link
 * io.familymeeting.media.core.rtsp.CameraTargets} resolve and check where it goes (loopback,
 * link-local, metadata, unspecified, multicast and own addresses refused unless a {@link
 * io.familymeeting.media.core.net.NetworkBlock} of {@code CAMERA_ALLOWED_NETWORKS} holds
 * them). Nothing here starts threads of its own: the engine's owner (the resource adapter)
 * runs every loop.
 */
package io.familymeeting.media.core.rtsp;
