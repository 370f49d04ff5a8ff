package io.familymeeting.media.core.sdp.answer;

import io.familymeeting.media.api.MediaException;
import io.familymeeting.media.api.ParticipantRole;
import io.familymeeting.media.api.SlotCounts;
import io.familymeeting.media.core.sdp.Candidate;
import io.familymeeting.media.core.sdp.Connection;
import io.familymeeting.media.core.sdp.Direction;
import io.familymeeting.media.core.sdp.ExtMap;
import io.familymeeting.media.core.sdp.Fingerprint;
import io.familymeeting.media.core.sdp.Fixtures;
import io.familymeeting.media.core.sdp.Group;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.MediaKind;
import io.familymeeting.media.core.sdp.Msid;
import io.familymeeting.media.core.sdp.MsidSemantic;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.Rid;
import io.familymeeting.media.core.sdp.RtcpFeedback;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;
import io.familymeeting.media.core.sdp.Setup;
import io.familymeeting.media.core.sdp.SsrcAttribute;
import io.familymeeting.media.core.sdp.SsrcGroup;
import io.familymeeting.media.core.sdp.ViewerOffers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.familymeeting.media.api.ParticipantRole.PRESENTER;
import static io.familymeeting.media.api.ParticipantRole.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SdpAnswererTest {
    private static final String UFRAG = "sfu1";
    private static final String PWD = "abcdefghijklmnopqrstuvwx";
    private static final Fingerprint LOCAL_FP = Fingerprint.of("sha-256", new byte[]{
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31, (byte) 0xFF});
    private static final List<Candidate> LOCAL_CANDIDATES = List.of(
            Candidate.host("1", "udp", 2130706431L, "127.0.0.1", 10000),
            Candidate.host("2", "udp", 2130706175L, "::1", 10000));
    private static final SendStream AUDIO_OUT = new SendStream(1111, null, "room-stream", "audio-track", "sfu-cname");
    private static final SendStream VIDEO_OUT = new SendStream(2222, 3333L, "room-stream", "video-track", "sfu-cname");

    private final SdpAnswerer answerer = new SdpAnswerer();

    private static AnswerRequest.Builder request(SessionDescription offer, ParticipantRole role) {
        return AnswerRequest.builder(offer, role).iceCredentials(UFRAG, PWD).candidates(LOCAL_CANDIDATES)
                .fingerprint(LOCAL_FP).origin(4242, 7);
    }

    private Answer answer(String fixture, ParticipantRole role) throws Exception {
        return answerer.answer(request(Fixtures.parse(fixture), role).build());
    }

    private static SessionDescription edited(String fixture, UnaryOperator<String> edit) throws SdpParseException {
        return SdpParser.parse(edit.apply(Fixtures.text(fixture)));
    }

    /** Checks every rule that holds for any answer, then parses the text back. */
    private static void assertWellFormed(Answer a, SessionDescription offer) throws Exception {
        SessionDescription s = a.sdp();
        assertThat(s.media()).hasSize(offer.media().size());
        assertThat(s.iceLite()).isFalse();
        assertThat(s.origin().sessionId()).isEqualTo("4242");
        assertThat(s.origin().sessionVersion()).isEqualTo("7");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < s.media().size(); i++) {
            MediaDescription m = s.media().get(i);
            MediaDescription o = offer.media().get(i);
            assertThat(m.media()).isEqualTo(o.media());
            assertThat(m.proto()).isEqualTo(o.proto());
            assertThat(m.mid()).isEqualTo(o.mid());
            if (m.isRejected()) {
                assertThat(m.candidates()).isEmpty();
                continue;
            }
            accepted.add(m.mid());
            assertThat(m.port()).isEqualTo(10000);
            assertThat(m.connection()).isEqualTo(new Connection("IN", "IP4", "127.0.0.1"));
            assertThat(m.candidates()).isEqualTo(LOCAL_CANDIDATES);
            assertThat(m.endOfCandidates()).isTrue();
            assertThat(m.iceUfrag()).isEqualTo(UFRAG);
            assertThat(m.icePwd()).isEqualTo(PWD);
            assertThat(m.fingerprints()).containsExactly(LOCAL_FP);
            assertThat(m.setup()).isIn(Setup.ACTIVE, Setup.PASSIVE);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.rtcpRsize()).isEqualTo(o.rtcpRsize());
            assertThat(m.formats()).isNotEmpty();
            // every answered payload type is one the offer had, with the same rtpmap
            for (PayloadFormat f : m.payloadFormats()) {
                assertThat(o.payloadFormat(f.payloadType())).get().extracting(PayloadFormat::rtpMap).isEqualTo(f.rtpMap());
            }
            // extension ids are the offer's
            for (ExtMap e : m.extMaps()) {
                assertThat(o.extMaps()).anySatisfy(x -> {
                    assertThat(x.id()).isEqualTo(e.id());
                    assertThat(x.uri()).isEqualTo(e.uri());
                });
            }
        }
        assertThat(s.bundleGroup()).get().extracting(Group::mids).isEqualTo(accepted);
        assertThat(a.negotiated().bundleMids()).isEqualTo(accepted);
        assertThat(SdpParser.parse(a.sdpText())).isEqualTo(s);
    }

    // ------------------------------------------------------------------ fixtures

    @Test
    void chromiumPresenter() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-presenter.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        MediaDescription audio = a.sdp().media().get(0);
        MediaDescription video = a.sdp().media().get(1);
        assertThat(audio.setup()).isEqualTo(Setup.PASSIVE);
        assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.payloadFormat(111).orElseThrow().fmtp()).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(audio.payloadFormat(111).orElseThrow().feedback()).containsExactly(RtcpFeedback.TRANSPORT_CC);
        assertThat(audio.extMaps()).extracting(ExtMap::uri).containsExactly(HeaderExtensions.SSRC_AUDIO_LEVEL,
                HeaderExtensions.ABS_SEND_TIME, HeaderExtensions.TRANSPORT_WIDE_CC, HeaderExtensions.MID);
        // VP8 + rtx, VP9 profile 0 + rtx, H.264 42e01f mode 1 + rtx, AV1 + rtx; in the SFU's order
        assertThat(video.formats()).containsExactly("96", "97", "98", "99", "108", "109", "45", "46");
        assertThat(video.payloadFormat(108).orElseThrow().fmtp())
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        assertThat(video.payloadFormat(97).orElseThrow().feedback()).isEmpty();
        assertThat(video.payloadFormat(96).orElseThrow().feedback()).containsExactly(RtcpFeedback.GOOG_REMB,
                RtcpFeedback.TRANSPORT_CC, RtcpFeedback.CCM_FIR, RtcpFeedback.NACK, RtcpFeedback.NACK_PLI);
        assertThat(video.extMaps()).extracting(ExtMap::uri).containsExactly(HeaderExtensions.TOFFSET,
                HeaderExtensions.ABS_SEND_TIME, HeaderExtensions.VIDEO_ORIENTATION, HeaderExtensions.TRANSPORT_WIDE_CC,
                HeaderExtensions.PLAYOUT_DELAY, HeaderExtensions.MID);
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.msids()).isEmpty();
        assertThat(a.sdp().extmapAllowMixed()).isTrue();

        NegotiatedSession n = a.negotiated();
        MediaDescription offeredAudio = offer.media().get(0);
        assertThat(n.role()).isEqualTo(PRESENTER);
        assertThat(n.remoteIceUfrag()).isEqualTo(offeredAudio.iceUfrag());
        assertThat(n.remoteIcePwd()).isEqualTo(offeredAudio.icePwd());
        assertThat(n.remoteFingerprints()).isEqualTo(offeredAudio.fingerprints());
        assertThat(n.remoteCandidates()).isEqualTo(offeredAudio.candidates());
        assertThat(n.remoteSetup()).isEqualTo(Setup.ACTPASS);
        assertThat(n.localSetup()).isEqualTo(Setup.PASSIVE);
        assertThat(n.localDtlsRole()).isEqualTo(NegotiatedSession.DtlsRole.SERVER);
        assertThat(n.iceControlling()).isFalse();
        assertThat(n.rejected()).isEmpty();
        NegotiatedMedia nv = n.mediaByMid("1");
        assertThat(nv.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(nv.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(nv.codecs()).extracting(NegotiatedCodec::name).containsExactly("VP8", "VP9", "H264", "AV1");
        assertThat(nv.codecs()).extracting(NegotiatedCodec::rtxPayloadType).containsExactly(97, 99, 109, 46);
        assertThat(nv.codec(96).clockRate()).isEqualTo(90000);
        assertThat(nv.extensionId(HeaderExtensions.TRANSPORT_WIDE_CC)).isEqualTo(3);
        assertThat(nv.extensionId(HeaderExtensions.RTP_STREAM_ID)).isNull();
        SsrcGroup fid = offer.media().get(1).ssrcGroups().get(0);
        assertThat(nv.remote().ssrcs()).containsExactly(new RemoteSources.SsrcPair(fid.ssrcs().get(0), fid.ssrcs().get(1)));
        assertThat(nv.remote().cname()).isNotNull();
        assertThat(nv.remote().msid()).isEqualTo(offer.media().get(1).msids().get(0));
        assertThat(nv.localSend()).isNull();
        NegotiatedMedia na = n.mediaByMid("0");
        assertThat(na.codecs()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("opus");
            assertThat(c.payloadType()).isEqualTo(111);
            assertThat(c.channels()).isEqualTo(2);
            assertThat(c.rtxPayloadType()).isNull();
        });
        assertThat(na.remote().ssrcs()).hasSize(1);
        assertThat(na.remote().ssrcs().get(0).rtxSsrc()).isNull();
    }

    @Test
    void chromiumViewerGetsSendingSectionsWithSsrcs() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-viewer.sdp");
        Answer a = answerer.answer(request(offer, VIEWER).sendStream("0", AUDIO_OUT).sendStream("1", VIDEO_OUT).build());
        assertWellFormed(a, offer);
        MediaDescription audio = a.sdp().media().get(0);
        MediaDescription video = a.sdp().media().get(1);
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.msids()).containsExactly(new Msid("room-stream", "audio-track"));
        assertThat(audio.ssrcGroups()).isEmpty();
        assertThat(audio.ssrcs()).containsExactly(new SsrcAttribute(1111, "cname", "sfu-cname"),
                new SsrcAttribute(1111, "msid", "room-stream audio-track"));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(2222L, 3333L)));
        assertThat(video.ssrcs()).extracting(SsrcAttribute::ssrc).containsExactly(2222L, 2222L, 3333L, 3333L);
        assertThat(a.sdp().msidSemantic()).isEqualTo(new MsidSemantic("WMS", List.of("room-stream")));
        assertThat(a.sdpText()).contains("a=ssrc-group:FID 2222 3333\r\n", "a=ssrc:3333 cname:sfu-cname\r\n");
        NegotiatedMedia nv = a.negotiated().mediaByMid("1");
        assertThat(nv.localSend()).isEqualTo(VIDEO_OUT);
        assertThat(nv.remote()).isNull();
        assertThat(a.negotiated().mediaByMid("0").localSend()).isEqualTo(AUDIO_OUT);
    }

    @Test
    void extensionIdBoundToTwoUrisInTheBundleIsNotAnswered() throws Exception {
        // aiortc 1.4 offers id 2 as ssrc-audio-level (audio) and abs-send-time (video).
        SessionDescription offer = Fixtures.parse("aiortc-1.4-viewer.sdp");
        Answer a = answerer.answer(request(offer, VIEWER).sendStream("0", AUDIO_OUT).sendStream("1", VIDEO_OUT).build());
        assertWellFormed(a, offer);
        for (MediaDescription m : a.sdp().media()) {
            assertThat(m.extMaps()).extracting(ExtMap::id).doesNotContain(2);
            assertThat(m.extMaps()).extracting(ExtMap::uri).contains(HeaderExtensions.MID);
        }
        assertThat(a.negotiated().mediaByMid("1").extensionId(HeaderExtensions.ABS_SEND_TIME)).isNull();
    }

    @Test
    void extensionIdUsedConsistentlyAcrossTheBundleIsKept() throws Exception {
        SessionDescription offer = edited("aiortc-1.4-viewer.sdp",
                t -> t.replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
        Answer a = answerer.answer(request(offer, VIEWER).sendStream("0", AUDIO_OUT).sendStream("1", VIDEO_OUT).build());
        assertThat(a.sdp().media().get(0).extMaps()).extracting(ExtMap::id).containsExactly(1, 2);
        assertThat(a.sdp().media().get(1).extMaps()).extracting(ExtMap::id).containsExactly(1, 3);
    }

    @Test
    void viewerSlotWithoutSendStreamIsInactive() throws Exception {
        Answer a = answerer.answer(request(Fixtures.parse("chromium-156-viewer.sdp"), VIEWER)
                .sendStream("1", VIDEO_OUT).build());
        assertThat(a.sdp().media().get(0).direction()).isEqualTo(Direction.INACTIVE);
        assertThat(a.sdp().media().get(0).ssrcs()).isEmpty();
        assertThat(a.sdp().media().get(1).direction()).isEqualTo(Direction.SENDONLY);
        assertThat(a.negotiated().mediaByMid("0").localSend()).isNull();
    }

    @Test
    void chromiumSimulcastIsAnsweredWithRecvRids() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-simulcast.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        MediaDescription video = a.sdp().media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.rids()).containsExactly(Rid.of("q", Rid.Stream.RECV), Rid.of("h", Rid.Stream.RECV),
                Rid.of("f", Rid.Stream.RECV));
        assertThat(video.simulcast().attributeValue()).isEqualTo("recv q;h;f");
        assertThat(a.sdpText()).contains("a=rid:q recv\r\n", "a=simulcast:recv q;h;f\r\n");
        assertThat(video.extMaps()).extracting(ExtMap::uri)
                .contains(HeaderExtensions.RTP_STREAM_ID, HeaderExtensions.REPAIRED_RTP_STREAM_ID);
        NegotiatedMedia nv = a.negotiated().mediaByMid("1");
        assertThat(nv.remote().rids()).containsExactly("q", "h", "f");
        assertThat(nv.remote().ssrcs()).isEmpty();
        assertThat(nv.extensionId(HeaderExtensions.RTP_STREAM_ID)).isEqualTo(10);
        assertThat(nv.extensionId(HeaderExtensions.REPAIRED_RTP_STREAM_ID)).isEqualTo(11);
        // audio is not simulcast: no rid extension there
        assertThat(a.sdp().media().get(0).rids()).isEmpty();
    }

    @Test
    void simulcastRidWhosePayloadTypesAreAllDroppedIsLeftOut() throws Exception {
        SessionDescription offer = edited("chromium-156-simulcast.sdp",
                t -> t.replace("a=rid:q send", "a=rid:q send pt=120").replace("a=rid:h send", "a=rid:h send pt=96,120"));
        MediaDescription video = answerer.answer(request(offer, PRESENTER).build()).sdp().media().get(1);
        assertThat(video.rids()).containsExactly(new Rid("h", Rid.Stream.RECV, List.of(96), List.of()),
                Rid.of("f", Rid.Stream.RECV));
        assertThat(video.simulcast().attributeValue()).isEqualTo("recv h;f");
    }

    @Test
    void dataChannelIsRejectedWithPortZeroInPlace() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-datachannel.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        MediaDescription app = a.sdp().media().get(2);
        assertThat(app.port()).isZero();
        assertThat(app.mid()).isEqualTo("2");
        assertThat(app.formats()).containsExactly("webrtc-datachannel");
        assertThat(a.sdpText()).contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n");
        assertThat(a.sdp().bundleGroup().orElseThrow().mids()).containsExactly("0", "1");
        assertThat(a.negotiated().rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.mid()).isEqualTo("2");
            assertThat(r.reason()).contains("data channels");
        });
    }

    @Test
    void screenShareSecondVideoIsAccepted() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-screenshare.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        assertThat(a.negotiated().media()).extracting(NegotiatedMedia::mid).containsExactly("0", "1", "2");
        assertThat(a.negotiated().mediaByMid("2").remote().ssrcs()).hasSize(1);
        assertThat(a.negotiated().mediaByMid("2").remote().ssrcs().get(0))
                .isNotEqualTo(a.negotiated().mediaByMid("1").remote().ssrcs().get(0));
    }

    @Test
    void chromiumSendonlyPresenter() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-sendonly.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        assertThat(a.sdp().media()).extracting(MediaDescription::direction)
                .containsExactly(Direction.RECVONLY, Direction.RECVONLY);
    }

    @Test
    void firefoxPresenter() throws Exception {
        SessionDescription offer = Fixtures.parse("firefox-128-presenter.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        NegotiatedSession n = a.negotiated();
        assertThat(n.remoteFingerprints()).isEqualTo(offer.fingerprints()); // session level in Firefox
        assertThat(n.remoteEndOfCandidates()).isTrue();
        assertThat(n.remoteCandidates()).hasSize(2); // the same two in both sections, kept once
        MediaDescription audio = a.sdp().media().get(0);
        assertThat(audio.formats()).containsExactly("109");
        assertThat(audio.payloadFormat(109).orElseThrow().fmtp()).isEqualTo("maxplaybackrate=48000;stereo=1;useinbandfec=1");
        assertThat(audio.extMaps()).extracting(ExtMap::uri)
                .containsExactly(HeaderExtensions.SSRC_AUDIO_LEVEL, HeaderExtensions.MID);
        MediaDescription video = a.sdp().media().get(1);
        assertThat(video.formats()).containsExactly("120", "124", "121", "125", "126", "127");
        // Firefox offers playout-delay recvonly: the SFU may only send it
        assertThat(video.extMaps()).contains(new ExtMap(6, Direction.SENDONLY, HeaderExtensions.PLAYOUT_DELAY, null));
        assertThat(a.sdpText()).contains("a=extmap:6/sendonly " + HeaderExtensions.PLAYOUT_DELAY + "\r\n");
        assertThat(video.rtcpRsize()).isTrue();
        assertThat(audio.rtcpRsize()).isFalse();
        assertThat(n.mediaByMid("1").remote().ssrcs())
                .containsExactly(new RemoteSources.SsrcPair(1982003329L, 2967054130L));
        assertThat(n.mediaByMid("1").remote().cname()).isEqualTo("{d0c8a8e2-5b7f-4c2d-9a1e-3f6b8c0d2e4a}");
        assertThat(n.mediaByMid("1").codecs()).extracting(NegotiatedCodec::name).containsExactly("VP8", "VP9", "H264");
    }

    @Test
    void safariPresenter() throws Exception {
        SessionDescription offer = Fixtures.parse("safari-17-presenter.sdp");
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertWellFormed(a, offer);
        assertThat(a.sdp().media().get(1).formats()).containsExactly("104", "106", "107", "108", "98", "99");
        assertThat(a.negotiated().remoteCandidates()).singleElement()
                .satisfies(c -> assertThat(c.address()).endsWith(".local"));
    }

    // ------------------------------------------------------------------ H.264 profiles

    @Test
    void h264OnlyPreferencePicksTheMatchingProfileNotTheFirstOffered() throws Exception {
        CodecPreferences h264 = CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.h264("42e01f"));
        Answer a = answerer.answer(request(Fixtures.parse("safari-17-presenter.sdp"), PRESENTER).codecs(h264).build());
        // 96 is 640c1f (constrained high), 100/102 are packetization-mode 0
        assertThat(a.sdp().media().get(1).formats()).containsExactly("98", "99");
    }

    @Test
    void h264ProfileMismatchRejectsTheSection() throws Exception {
        // Offer only Main profile 4d001f; the SFU wants Constrained Baseline.
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replaceAll(
                "m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 116 117"));
        CodecPreferences prefs = CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.h264("42e01f"));
        Answer a = answerer.answer(request(offer, PRESENTER).codecs(prefs).build());
        assertThat(a.sdp().media().get(1).port()).isZero();
        assertThat(a.negotiated().rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no codec in common", "H264 4d001f"));
        assertThat(a.sdp().bundleGroup().orElseThrow().mids()).containsExactly("0");
    }

    @Test
    void h264LevelIsAnsweredAsOffered() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replaceAll(
                "m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 116 117"));
        // Same profile (Main, no constraints), another level: matches; the offer's level stays.
        CodecPreferences prefs = CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.h264("4d0032"));
        Answer a = answerer.answer(request(offer, PRESENTER).codecs(prefs).build());
        assertThat(a.sdp().media().get(1).formats()).containsExactly("116", "117");
        assertThat(a.negotiated().mediaByMid("1").codec(116).fmtp())
                .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f");
    }

    @Test
    void h264PacketizationModeZeroIsNotUsed() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replaceAll(
                "m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 114 115"));
        CodecPreferences prefs = CodecPreferences.of(SupportedCodec.h264("42e01f"));
        MediaException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).codecs(prefs).build()));
        assertThat(e.reason()).isEqualTo(MediaException.Reason.NO_USABLE_MEDIA);
        assertThat(e.getMessage()).startsWith("The offer has no audio or video section with a codec this server forwards: offered ")
                .contains("video [H264 42e01f mode 0]");
    }

    // ------------------------------------------------------------------ DTLS role, directions

    @ParameterizedTest
    @CsvSource({
            "actpass, PASSIVE, PASSIVE",
            "actpass, ACTIVE, ACTIVE",
            "active, PASSIVE, PASSIVE",
            "active, ACTIVE, PASSIVE",
            "passive, PASSIVE, ACTIVE",
            "passive, ACTIVE, ACTIVE",
            "none, PASSIVE, PASSIVE",
    })
    void setupIsMirrored(String offered, Setup preference, Setup expected) throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> offered.equals("none")
                ? t.replace("a=setup:actpass\r\n", "") : t.replace("a=setup:actpass", "a=setup:" + offered));
        Answer a = answerer.answer(request(offer, PRESENTER).actpassSetup(preference).build());
        assertThat(a.sdp().media()).allSatisfy(m -> assertThat(m.setup()).isEqualTo(expected));
        assertThat(a.negotiated().localSetup()).isEqualTo(expected);
        assertThat(a.negotiated().localDtlsRole()).isEqualTo(expected == Setup.ACTIVE
                ? NegotiatedSession.DtlsRole.CLIENT : NegotiatedSession.DtlsRole.SERVER);
    }

    @Test
    void holdconnIsRefused() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replace("a=setup:actpass", "a=setup:holdconn"));
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).build()));
        assertThat(e.getMessage()).contains("holdconn");
        assertThat(e.reason()).isEqualTo(MediaException.Reason.MALFORMED_OFFER);
    }

    @ParameterizedTest
    @CsvSource({
            // offered, role, send stream given, answered
            "sendonly, PRESENTER, false, RECVONLY",
            "sendonly, VIEWER, false, RECVONLY",
            "recvonly, VIEWER, true, SENDONLY",
            "recvonly, VIEWER, false, INACTIVE",
            "recvonly, PRESENTER, true, SENDONLY",
            "sendrecv, PRESENTER, true, RECVONLY",
            "sendrecv, VIEWER, true, SENDONLY",
            "sendrecv, VIEWER, false, INACTIVE",
            "inactive, PRESENTER, true, INACTIVE",
            "inactive, VIEWER, true, INACTIVE",
    })
    void directionIsMirrored(String offered, ParticipantRole role, boolean send, Direction expected) throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replace("a=sendrecv", "a=" + offered));
        AnswerRequest.Builder r = request(offer, role);
        if (send) {
            r.sendStream("0", AUDIO_OUT).sendStream("1", VIDEO_OUT);
        }
        Answer a = answerer.answer(r.build());
        assertThat(a.sdp().media()).allSatisfy(m -> assertThat(m.direction()).isEqualTo(expected));
        assertThat(a.negotiated().media()).allSatisfy(m -> {
            assertThat(m.direction()).isEqualTo(expected);
            assertThat(m.localSend() != null).isEqualTo(expected.sends());
            assertThat(m.remote() != null).isEqualTo(expected.receives());
        });
        assertThat(a.sdp().media().get(1).ssrcs().isEmpty()).isEqualTo(!expected.sends());
    }

    // ------------------------------------------------------------------ rejections and errors

    @Test
    void sectionsOutsideBundleWithoutMuxOrDisabledAreRejected() throws Exception {
        SessionDescription offer = edited("chromium-156-screenshare.sdp", t -> t
                .replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1"));
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertThat(a.sdp().media().get(2).port()).isZero();
        assertThat(a.negotiated().rejected().get(0).reason()).contains("BUNDLE");

        SessionDescription noMux = edited("chromium-156-presenter.sdp", t -> {
            int video = t.indexOf("m=video");
            return t.substring(0, video) + t.substring(video).replace("a=rtcp-mux\r\n", "");
        });
        Answer b = answerer.answer(request(noMux, PRESENTER).build());
        assertThat(b.sdp().media().get(1).port()).isZero();
        assertThat(b.negotiated().rejected().get(0).reason()).contains("rtcp-mux");

        SessionDescription disabled = edited("chromium-156-presenter.sdp",
                t -> t.replace("m=video 9 ", "m=video 0 "));
        Answer c = answerer.answer(request(disabled, PRESENTER).build());
        assertThat(c.sdp().media().get(1).port()).isZero();

        SessionDescription bundleOnly = edited("chromium-156-presenter.sdp",
                t -> t.replace("m=video 9 ", "m=video 0 ").replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n"));
        Answer d = answerer.answer(request(bundleOnly, PRESENTER).build());
        assertThat(d.sdp().media().get(1).port()).isEqualTo(10000);
    }

    @Test
    void unsupportedTransportIsRejected() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp",
                t -> t.replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 9 RTP/AVP"));
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertThat(a.sdp().media().get(1).port()).isZero();
        assertThat(a.sdp().media().get(1).proto()).isEqualTo("RTP/AVP");
        assertThat(a.negotiated().rejected().get(0).reason()).contains("transport RTP/AVP");
    }

    @Test
    void noCommonCodecAnywhere() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t
                .replaceAll("m=audio ([0-9]+) UDP/TLS/RTP/SAVPF [0-9 ]+", "m=audio $1 UDP/TLS/RTP/SAVPF 0 8")
                .replaceAll("m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 116 117"));
        CodecPreferences prefs = CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.vp8());
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).codecs(prefs).build()));
        assertThat(e.reason()).isEqualTo(MediaException.Reason.NO_USABLE_MEDIA);
        assertThat(e.getMessage()).isEqualTo("The offer has no audio or video section with a codec this server "
                + "forwards: offered audio [PCMU, PCMA]; video [H264 4d001f]; this server forwards [opus, VP8].");
    }

    @Test
    void dataChannelOnlyOffer() throws Exception {
        String text = Fixtures.text("chromium-156-datachannel.sdp");
        String sdp = text.substring(0, text.indexOf("m=audio")).replace("BUNDLE 0 1 2", "BUNDLE 2")
                + text.substring(text.indexOf("m=application"));
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(SdpParser.parse(sdp), PRESENTER).build()));
        assertThat(e.getMessage()).contains("offered application (not supported)");
    }

    @Test
    void noMediaSections() throws Exception {
        SessionDescription offer = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).build()));
        assertThat(e.getMessage()).contains("no media sections");
        assertThat(e.reason()).isEqualTo(MediaException.Reason.NO_USABLE_MEDIA);
    }

    @Test
    void missingIceCredentials() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replaceAll("a=ice-pwd:[^\r]+\r\n", ""));
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).build()));
        assertThat(e.getMessage()).contains("no ICE credentials");
        assertThat(e.reason()).isEqualTo(MediaException.Reason.MALFORMED_OFFER);
    }

    @Test
    void missingFingerprint() throws Exception {
        SessionDescription offer = edited("firefox-128-presenter.sdp", t -> t.replaceAll("a=fingerprint:[^\r]+\r\n", ""));
        SdpNegotiationException e = catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(offer, PRESENTER).build()));
        assertThat(e.getMessage()).contains("no DTLS certificate fingerprint");
    }

    @Test
    void missingOrDuplicateMid() throws Exception {
        SessionDescription noMid = edited("chromium-156-presenter.sdp", t -> t.replace("a=mid:1\r\n", ""));
        assertThat(catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(noMid, PRESENTER).build())).getMessage())
                .contains("Media section 2 (m=video) has no a=mid");
        SessionDescription dup = edited("chromium-156-presenter.sdp", t -> t.replace("a=mid:1\r\n", "a=mid:0\r\n"));
        assertThat(catchThrowableOfType(SdpNegotiationException.class,
                () -> answerer.answer(request(dup, PRESENTER).build())).getMessage())
                .contains("same a=mid:0");
    }

    @Test
    void offerWithoutBundleGroupAnswersOnlyTheFirstUsableSection() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replace("a=group:BUNDLE 0 1\r\n", ""));
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertThat(a.sdp().media().get(0).port()).isEqualTo(10000);
        assertThat(a.sdp().media().get(1).port()).isZero();
        assertThat(a.sdp().bundleGroup().orElseThrow().mids()).containsExactly("0");
    }

    @Test
    void remoteIceLiteMakesTheSfuControlling() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp",
                t -> t.replace("a=extmap-allow-mixed\r\n", "a=extmap-allow-mixed\r\na=ice-lite\r\n"));
        assertThat(answerer.answer(request(offer, PRESENTER).build()).negotiated().iceControlling()).isTrue();
    }

    @Test
    void noLocalCandidatesGivesPlaceholderAddressAndNoEndOfCandidates() throws Exception {
        Answer a = answerer.answer(request(Fixtures.parse("chromium-156-presenter.sdp"), PRESENTER)
                .candidates(List.of()).build());
        MediaDescription m = a.sdp().media().get(0);
        assertThat(m.port()).isEqualTo(9);
        assertThat(m.connection()).isEqualTo(Connection.placeholder());
        assertThat(m.endOfCandidates()).isFalse();
    }

    @Test
    void requestValidation() {
        SessionDescription offer = Fixtures.parse("chromium-156-presenter.sdp");
        assertThatThrownBy(() -> AnswerRequest.builder(offer, PRESENTER).iceCredentials("ab", PWD).fingerprint(LOCAL_FP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localIceUfrag");
        assertThatThrownBy(() -> AnswerRequest.builder(offer, PRESENTER).iceCredentials(UFRAG, "short").fingerprint(LOCAL_FP).build())
                .hasMessageContaining("localIcePwd");
        assertThatThrownBy(() -> AnswerRequest.builder(offer, PRESENTER).iceCredentials(UFRAG, PWD).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("localFingerprint");
        assertThatThrownBy(() -> request(offer, PRESENTER).actpassSetup(Setup.ACTPASS).build())
                .hasMessageContaining("ACTIVE or PASSIVE");
        assertThatThrownBy(() -> new SendStream(1, 1L, "s", "t", "c")).hasMessageContaining("RTX SSRC");
        assertThatThrownBy(() -> new SendStream(1L << 32, null, "s", "t", "c")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new SendStream(1, null, "s s", "t", "c")).hasMessageContaining("streamId");
    }

    @Test
    void answerWithoutRtxSsrcOrRtxCodecSignalsNoFidGroup() throws Exception {
        SessionDescription offer = Fixtures.parse("chromium-156-viewer.sdp");
        Answer a = answerer.answer(request(offer, VIEWER).sendStream("1", VIDEO_OUT)
                .codecs(CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.vp8())).build());
        assertThat(a.sdp().media().get(1).ssrcGroups()).hasSize(1);
        SessionDescription noRtx = edited("chromium-156-viewer.sdp", t -> t.replace(" 96 97 ", " 96 "));
        Answer b = answerer.answer(request(noRtx, VIEWER).sendStream("1", VIDEO_OUT)
                .codecs(CodecPreferences.of(SupportedCodec.opus(), SupportedCodec.vp8())).build());
        assertThat(b.sdp().media().get(1).formats()).containsExactly("96");
        assertThat(b.sdp().media().get(1).ssrcGroups()).isEmpty();
        assertThat(b.negotiated().mediaByMid("1").localSend().rtxSsrc()).isNull();
    }

    @Test
    void sessionLevelExtmapAppliesToEverySection() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t
                .replace("a=extmap-allow-mixed\r\n", "a=extmap-allow-mixed\r\na=extmap:9 " + HeaderExtensions.ABS_SEND_TIME + "\r\n")
                .replaceAll("a=extmap:2 [^\r]+\r\n", ""));
        Answer a = answerer.answer(request(offer, PRESENTER).build());
        assertThat(a.negotiated().media()).allSatisfy(m ->
                assertThat(m.extensionId(HeaderExtensions.ABS_SEND_TIME)).isEqualTo(9));
    }

    @Test
    void legacySsrcSimulcastGroupIsReported() throws Exception {
        // Plan-B style simulcast (what Chromium writes with SDP munging): SIM group + one FID per layer.
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t.replaceAll(
                "a=ssrc-group:FID [0-9]+ [0-9]+\r\n",
                "a=ssrc-group:SIM 11 22 33\r\na=ssrc-group:FID 11 111\r\na=ssrc-group:FID 22 222\r\n"
                        + "a=ssrc-group:FID 33 333\r\na=ssrc:11 cname:x\r\na=ssrc:111 cname:x\r\na=ssrc:22 cname:x\r\n"
                        + "a=ssrc:222 cname:x\r\na=ssrc:33 cname:x\r\na=ssrc:333 cname:x\r\n"));
        RemoteSources r = answerer.answer(request(offer, PRESENTER).build()).negotiated().mediaByMid("1").remote();
        assertThat(r.simulcastGroup()).containsExactly(11L, 22L, 33L);
        assertThat(r.ssrcs()).startsWith(new RemoteSources.SsrcPair(11, 111L), new RemoteSources.SsrcPair(22, 222L),
                new RemoteSources.SsrcPair(33, 333L));
        assertThat(r.rids()).isEmpty();
    }

    @Test
    void legacySsrcMsidStandsInForAMissingMsidLine() throws Exception {
        SessionDescription offer = edited("chromium-156-presenter.sdp", t -> t
                .replaceAll("a=msid:[^\r]+\r\n", "")
                .replaceAll("a=ssrc:([0-9]+) cname:([^\r]+)\r\n", "a=ssrc:$1 cname:$2\r\na=ssrc:$1 msid:legacy t$1 x\r\n"
                        + "a=ssrc:$1 msid:legacy t$1\r\n"));
        RemoteSources r = answerer.answer(request(offer, PRESENTER).build()).negotiated().mediaByMid("1").remote();
        assertThat(r.msid().streamId()).isEqualTo("legacy");
        assertThat(r.msid().trackId()).startsWith("t");
        assertThat(r.cname()).isNotNull();
    }

    // ---- slots (AnswerRequest.maxTracks)

    private static Map<String, SendStream> sendStreams(SessionDescription offer) {
        Map<String, SendStream> sends = new LinkedHashMap<>();
        long ssrc = 7000;
        for (MediaDescription m : offer.media()) {
            sends.put(m.mid(), MediaDescription.AUDIO.equals(m.media()) ? AUDIO_OUT
                    : new SendStream(ssrc++, ssrc++, "room-stream", "video-" + m.mid(), "sfu-cname"));
        }
        return sends;
    }

    @Test
    void viewerSectionsBeyondItsSlotsAreRejectedInOfferOrder() throws Exception {
        SessionDescription offer = SdpParser.parse(ViewerOffers.withVideoSlots(63));
        Answer a = answerer.answer(request(offer, VIEWER).sendStreams(sendStreams(offer))
                .maxTracks(new SlotCounts(1, 4)).build());
        assertThat(a.sdp().media()).hasSize(64);
        assertThat(SdpParser.parse(a.sdpText()).media()).hasSize(64);
        assertThat(a.negotiated().bundleMids()).containsExactly("0", "1", "2", "3", "4");
        assertThat(a.negotiated().media()).allSatisfy(m -> assertThat(m.localSend()).isNotNull());
        assertThat(a.sdp().media().subList(5, 64)).allSatisfy(m -> assertThat(m.port()).isZero());
        assertThat(a.negotiated().rejected()).hasSize(59).allSatisfy(r ->
                assertThat(r.reason()).contains("at most 4 video track(s) per participant"));
    }

    @Test
    void presenterTracksBeyondItsSlotsAreRejected() throws Exception {
        // Chromium's screen share: audio, camera and screen, all sendrecv.
        Answer a = answerer.answer(request(Fixtures.parse("chromium-156-screenshare.sdp"), PRESENTER)
                .maxTracks(new SlotCounts(1, 1)).build());
        assertThat(a.negotiated().media()).extracting(NegotiatedMedia::kind).containsExactly(MediaKind.AUDIO, MediaKind.VIDEO);
        assertThat(a.sdp().media().get(2).port()).isZero();
        assertThat(a.negotiated().rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("at most 1 video track(s)"));
    }

    @Test
    void sectionsThatCarryNothingDoNotTakeASlot() throws Exception {
        // The first video section is inactive: the second one still gets the one video slot.
        String text = ViewerOffers.withVideoSlots(2);
        int first = text.indexOf("a=recvonly", text.indexOf("a=mid:1"));
        SessionDescription offer = SdpParser.parse(text.substring(0, first) + "a=inactive"
                + text.substring(first + "a=recvonly".length()));
        Answer a = answerer.answer(request(offer, VIEWER).sendStreams(sendStreams(offer))
                .maxTracks(new SlotCounts(1, 1)).build());
        assertThat(a.negotiated().bundleMids()).containsExactly("0", "1", "2");
        assertThat(a.negotiated().media().get(1).direction()).isEqualTo(Direction.INACTIVE);
        assertThat(a.negotiated().media().get(2).localSend()).isNotNull();
    }
}
