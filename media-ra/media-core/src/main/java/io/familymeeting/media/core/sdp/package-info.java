/**
 * SDP for an answering-only SFU.
 *
 * <ul>
 *   <li>Model: {@link io.familymeeting.media.core.sdp.SessionDescription} and
 *       {@link io.familymeeting.media.core.sdp.MediaDescription} (immutable records with builders),
 *       typed attribute values ({@link io.familymeeting.media.core.sdp.Candidate},
 *       {@link io.familymeeting.media.core.sdp.PayloadFormat}, {@link io.familymeeting.media.core.sdp.ExtMap},
 *       {@link io.familymeeting.media.core.sdp.Rid}, {@link io.familymeeting.media.core.sdp.Simulcast}...),
 *       untyped attributes kept as {@link io.familymeeting.media.core.sdp.Attribute}.</li>
 *   <li>Text: {@link io.familymeeting.media.core.sdp.SdpParser} (throws only
 *       {@link io.familymeeting.media.core.sdp.SdpParseException}) and
 *       {@link io.familymeeting.media.core.sdp.SdpWriter}.</li>
 *   <li>Negotiation: {@link io.familymeeting.media.core.sdp.SdpAnswerer} turns an offer and an
 *       {@link io.familymeeting.media.core.sdp.AnswerRequest} into an
 *       {@link io.familymeeting.media.core.sdp.Answer}: the answer SDP plus a
 *       {@link io.familymeeting.media.core.sdp.NegotiatedSession} for the engine; it throws only
 *       {@link io.familymeeting.media.core.sdp.SdpNegotiationException}.</li>
 * </ul>
 * Both exceptions are {@link io.familymeeting.media.api.MediaException}s whose messages are
 * written for the person whose browser sent the offer.
 */
package io.familymeeting.media.core.sdp;
