/**
 * The SFU's side of offer/answer (RFC 3264, JSEP RFC 8829 §5.3.1): an
 * {@link io.familymeeting.media.core.sdp.answer.SdpAnswerer} turns an offer and an
 * {@link io.familymeeting.media.core.sdp.answer.AnswerRequest} into an
 * {@link io.familymeeting.media.core.sdp.answer.Answer}: the answer SDP plus a
 * {@link io.familymeeting.media.core.sdp.answer.NegotiatedSession} for the engine; it throws only
 * {@link io.familymeeting.media.core.sdp.answer.SdpNegotiationException}, a
 * {@link io.familymeeting.media.api.MediaException} whose message is written for the person
 * whose browser sent the offer. Codec matching ({@link io.familymeeting.media.core.sdp.answer.SupportedCodec},
 * {@link io.familymeeting.media.core.sdp.answer.CodecPreferences}) and the header extensions kept
 * ({@link io.familymeeting.media.core.sdp.answer.HeaderExtensions}) live here too.
 *
 * <p>It reads and writes SDP only through the model of {@link io.familymeeting.media.core.sdp}
 * and never parses text itself; that package does not depend on this one.
 */
package io.familymeeting.media.core.sdp.answer;
