/**
 * SDP as text and as a typed model (RFC 8866, with the attributes WebRTC uses).
 *
 * <ul>
 *   <li>Model: {@link io.familymeeting.media.core.sdp.SessionDescription} and
 *       {@link io.familymeeting.media.core.sdp.MediaDescription} (immutable records with builders),
 *       typed attribute values ({@link io.familymeeting.media.core.sdp.Candidate},
 *       {@link io.familymeeting.media.core.sdp.PayloadFormat}, {@link io.familymeeting.media.core.sdp.ExtMap},
 *       {@link io.familymeeting.media.core.sdp.Rid}, {@link io.familymeeting.media.core.sdp.Simulcast}...),
 *       untyped attributes kept as {@link io.familymeeting.media.core.sdp.Attribute}.</li>
 *   <li>Text: {@link io.familymeeting.media.core.sdp.SdpParser} (throws only
 *       {@link io.familymeeting.media.core.sdp.SdpParseException}, a
 *       {@link io.familymeeting.media.api.MediaException} whose message is written for the person
 *       who sent the SDP) and {@link io.familymeeting.media.core.sdp.SdpWriter}.</li>
 * </ul>
 * It does not negotiate: answering an offer is {@code io.familymeeting.media.core.sdp.answer},
 * which builds on this package (never the other way round).
 */
package io.familymeeting.media.core.sdp;
