/**
 * RTSP ingest (RFC 2326): an IP camera as a room's presenter. Wire formats first (the
 * response / interleaved-frame stream parser, requests, Transport and Session headers,
 * Basic and Digest authentication), then the client that drives one RTSP session over
 * non-blocking channels on a thread its owner lends it, and the {@link
 * io.familymeeting.media.core.rtsp.Camera} that keeps a session alive (on demand or always),
 * reconnects with backoff and feeds the room's producers. Nothing here starts threads of its
 * own: the engine's owner (the resource adapter) runs every loop.
 */
package io.familymeeting.media.core.rtsp;
