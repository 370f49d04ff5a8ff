/**
 * ICE for the SFU, on ice4j 3.2: one shared UDP port ({@link io.familymeeting.media.core.ice.MediaPort})
 * and one controlled, full ICE agent per participant
 * ({@link io.familymeeting.media.core.ice.IceTransport}).
 *
 * <h2>How a datagram finds its participant</h2>
 * ice4j's {@code SinglePortUdpHarvester} reads every bound socket with one thread. A datagram
 * from a remote address it already knows goes to that address's participant. A datagram from
 * an unknown address is dropped unless it is a STUN Binding request whose USERNAME starts with
 * the ufrag of one of our agents and that {@code StunGate} admits: the address is in an allowed
 * network ({@link io.familymeeting.media.core.ice.CandidateNetworks}), the MESSAGE-INTEGRITY is
 * made with that agent's password, and the agent has fewer than 16 mapped addresses; then the
 * address is mapped to that agent (ice4j's STUN stack checks every later request again). So
 * non-STUN packets (DTLS, SRTP) from an address that has not sent a valid check are dropped, no
 * forged check makes the server answer or probe an address, and the mapping is per remote
 * address: two participants never share one.
 *
 * <h2>Push path (what the engine sees)</h2>
 * {@code Ice4jSetup} turns on ice4j's push API: STUN goes to the agent's STUN stack; every other
 * datagram of a mapped address goes straight from the reader thread to
 * {@code ReceivePump}, which enqueues it (never blocks) and makes it ready on the forwarding
 * thread the transport was assigned to ({@link io.familymeeting.media.core.ice.ReceiveLoops}, a
 * fixed set per port), which calls the {@link io.familymeeting.media.core.ice.PacketHandler}. Only
 * addresses whose candidate pair succeeded are delivered; earlier packets are held briefly.
 * Buffers are pooled ({@code IceBufferPool}); ice4j's reader still allocates an
 * {@code InetSocketAddress} and an {@code Instant} per datagram, which we cannot avoid without
 * replacing the harvester.
 *
 * <h2>Threads</h2>
 * Per port: one reader thread per bound socket, shared by all participants, the forwarding
 * threads ({@code media-forwarding-N}, one per core by default) and (unless the caller supplies
 * one) one timer thread for connect and consent timeouts. Per participant: one ice4j
 * "IceConnector" thread per remote address that contacted it (its STUN reader; ice4j's STUN
 * stack starts a thread per socket). Shared by all agents in the JVM: ice4j's agent timer and executor,
 * STUN transaction timer, STUN stack pool and NetAccessManager pool. No per-participant
 * "MergingDatagramSocket" reader: the component socket is disabled.
 *
 * <h2>Consent (RFC 7675)</h2>
 * ice4j sends the consent checks on the selected pair (every 5 s, randomized) and records the
 * last answer; {@code IceTransport} fails the transport when no answer came for the consent
 * timeout (30 s by default) and stops sending.
 */
package io.familymeeting.media.core.ice;
