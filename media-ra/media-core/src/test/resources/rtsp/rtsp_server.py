#!/usr/bin/python3
"""A GStreamer RTSP server for the RTSP ingest tests (io.familymeeting.media.core.rtsp).

Serves test-pattern cameras on 127.0.0.1 only, over TCP and UDP (the client chooses):
  /h264pcmu  H.264 constrained baseline + PCMU (8 kHz)
  /h264opus  H.264 constrained baseline + Opus
  /h264aac   H.264 + AAC (the audio is unsupported by WebRTC viewers)
  /h264gop   H.264 with a long GOP (key frame every 5 s), video only: instant-start tests
  /h265      H.265 video only (unsupported)
  /mjpeg     MJPEG video only (unsupported)

Usage: rtsp_server.py PORT [--auth basic|digest USER PASSWORD]
Prints "READY <port>" on stdout once it listens; stops on SIGTERM / SIGINT.
"""
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

RAW = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 "
       "! timeoverlay ! ")
H264 = ("x264enc tune=zerolatency speed-preset=ultrafast bitrate=600 key-int-max={gop} "
        "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 ")
PCMU = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
        "! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0 ")
OPUS = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
        "! opusenc ! rtpopuspay name=pay1 pt=97 ")
AAC = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
       "! avenc_aac ! rtpmp4gpay name=pay1 pt=97 ")

MOUNTS = {
    "/h264pcmu": RAW + H264.format(gop=30) + PCMU,
    "/h264opus": RAW + H264.format(gop=30) + OPUS,
    "/h264aac": RAW + H264.format(gop=30) + AAC,
    "/h264gop": RAW + H264.format(gop=150),
    "/h265": RAW + "x265enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! rtph265pay name=pay0 pt=96 ",
    "/mjpeg": RAW + "videoconvert ! video/x-raw,format=I420 ! jpegenc ! rtpjpegpay name=pay0 pt=26 ",
}


def main(argv):
    Gst.init(None)
    port = argv[1]
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    # One thread per client: a slow pipeline start (x265) must not stall the other clients.
    server.get_thread_pool().set_max_threads(16)
    role = None
    if len(argv) >= 5 and argv[2] == "--auth":
        method, user, password = argv[3], argv[4], argv[5]
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "camera-user")
        if method == "digest":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(user, password, token)
        else:
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        server.set_auth(auth)
        role = "camera-user"
    mounts = server.get_mount_points()
    for path, launch in MOUNTS.items():
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch("( " + launch + ")")
        factory.set_shared(True)
        if role:
            factory.add_role_from_structure(Gst.Structure.from_string(
                role + ", media.factory.access=(boolean)true, media.factory.construct=(boolean)true")[0])
        mounts.add_factory(path, factory)
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("FAILED to listen on " + port, flush=True)
        return 1
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print("READY " + str(server.get_bound_port()), flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
