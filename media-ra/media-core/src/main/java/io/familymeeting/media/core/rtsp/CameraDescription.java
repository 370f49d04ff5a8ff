package io.familymeeting.media.core.rtsp;

import io.familymeeting.media.core.forward.TrackKind;
import io.familymeeting.media.core.sdp.MediaDescription;
import io.familymeeting.media.core.sdp.PayloadFormat;
import io.familymeeting.media.core.sdp.SdpParseException;
import io.familymeeting.media.core.sdp.SdpParser;
import io.familymeeting.media.core.sdp.SessionDescription;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a camera's DESCRIBE answer (RFC 2326 §10.2, an SDP) offers, read with the project's
 * SDP model: its first video and first audio m-line, their control URLs, and whether the SFU
 * can forward them without transcoding (H.264 video; PCMU, PCMA or Opus audio). Does not
 * decide what to do about unsupported tracks; {@link CameraSession} does.
 *
 * @param video the first video track, or null
 * @param audio the first audio track, or null
 */
public record CameraDescription(CameraTrack video, CameraTrack audio) {

    /**
     * @param sdp  the DESCRIBE body
     * @param base Content-Base (or Content-Location, or the request URL) to resolve controls against
     */
    public static CameraDescription parse(String sdp, String base) throws SdpParseException {
        SessionDescription s = SdpParser.parse(sdp);
        String sessionControl = first(s.otherAttributes().stream()
                .filter(a -> a.name().equals("control")).map(a -> a.value()).toList());
        String aggregate = RtspUrl.resolveControl(base, sessionControl);
        CameraTrack video = null;
        CameraTrack audio = null;
        for (MediaDescription m : s.media()) {
            boolean isVideo = MediaDescription.VIDEO.equals(m.media());
            boolean isAudio = MediaDescription.AUDIO.equals(m.media());
            if ((!isVideo && !isAudio) || m.formats().isEmpty() || (isVideo && video != null) || (isAudio && audio != null)) {
                continue;
            }
            String control = RtspUrl.resolveControl(sessionControl == null || sessionControl.equals("*") ? base : aggregate,
                    first(m.otherAttributeValues("control")));
            int pt;
            try {
                pt = Integer.parseInt(m.formats().get(0));
            } catch (NumberFormatException e) {
                continue;
            }
            PayloadFormat f = m.payloadFormat(pt).orElse(null);
            String name = f == null ? staticName(pt) : f.encodingName();
            if (name.isEmpty()) {
                name = staticName(pt);
            }
            int clock = f != null && f.rtpMap() != null ? f.rtpMap().clockRate() : staticClock(pt, isVideo);
            int channels = f != null && f.rtpMap() != null ? f.rtpMap().channelCount() : 1;
            Map<String, String> fmtp = f == null ? Map.of() : f.fmtpParameters();
            name = name.toUpperCase(Locale.ROOT);
            boolean supported = isVideo ? name.equals("H264") && !"2".equals(fmtp.get("packetization-mode"))
                    : (name.equals("PCMU") || name.equals("PCMA") || name.equals("OPUS"));
            CameraTrack t = new CameraTrack(isVideo ? TrackKind.VIDEO : TrackKind.AUDIO, control, pt, name, clock,
                    channels, fmtp, supported);
            if (isVideo) {
                video = t;
            } else {
                audio = t;
            }
        }
        return new CameraDescription(video, audio);
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    /** RFC 3551 §6 Tables 4 and 5: the static payload types cameras use. */
    static String staticName(int pt) {
        return switch (pt) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            case 14 -> "MPA";
            case 26 -> "JPEG";
            case 32 -> "MPV";
            case 33 -> "MP2T";
            case 34 -> "H263";
            default -> "PT" + pt;
        };
    }

    private static int staticClock(int pt, boolean video) {
        return video || pt == 14 || pt >= 26 ? 90000 : 8000;
    }

    /** "H264 42c00d + PCMU/8000" (unsupported parts marked). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (video != null) {
            sb.append(video.supported() ? "" : "unsupported ").append(video.describe());
        }
        if (audio != null) {
            sb.append(sb.length() > 0 ? " + " : "").append(audio.supported() ? "" : "unsupported ").append(audio.describe());
        }
        return sb.length() == 0 ? "no audio or video" : sb.toString();
    }
}
