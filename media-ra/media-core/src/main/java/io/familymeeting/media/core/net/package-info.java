/**
 * Addresses as text and networks: {@link io.familymeeting.media.core.net.IpLiteral} parses
 * IPv4 / IPv6 literals without ever asking DNS, {@link io.familymeeting.media.core.net.NetworkBlock}
 * is one CIDR block. Shared by the ICE candidate checks ({@code ice/CandidateNetworks}), the
 * camera target rules ({@code rtsp/CameraTargets}) and the answerer; depends on nothing else
 * of the engine.
 */
package io.familymeeting.media.core.net;
