/**
 * The optional send side of the engine ({@code EXPERIMENT_RTP_SEP_RW}): bounded queues of
 * preallocated packet buffers between the threads that decide what a participant is sent
 * (receive threads, cameras, the RTCP timer) and send threads that SRTP-protect and send it.
 * Off by default: then those threads protect and send themselves.
 */
package io.familymeeting.media.core.send;
