#!/usr/bin/python3
"""A GStreamer RTSP server for the RTSP ingest tests (io.familymeeting.media.core.rtsp).

Serves test-pattern cameras on 127.0.0.1 only, over TCP and UDP (the client chooses):
  /h264pcmu  H.264 constrained baseline + PCMU (8 kHz)
  /h264pcma  H.264 constrained baseline + PCMA (8 kHz)
  /h264opus  H.264 constrained baseline + Opus
  /h264aac   H.264 + AAC (the audio is unsupported by WebRTC viewers)
  /h264gop   H.264 with a long GOP (key frame every 5 s), video only: instant-start tests
  /h265      H.265 video only (unsupported)
  /mjpeg     MJPEG video only (unsupported)

Usage: rtsp_server.py PORT [--auth basic|digest USER PASSWORD] [--session-timeout SECONDS]
Prints "READY <port>" on stdout once it listens; stops on SIGTERM / SIGINT.
With --session-timeout a session expires after SECONDS without a request from its client
(RFC 2326 section 12.37; GStreamer's default is 60) and the server prints
"REQUEST <METHOD>" for every OPTIONS and GET_PARAMETER it receives, and "EXPIRED <session>"
for every session it removes because it timed out.
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
PCMA = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
        "! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8 ")
OPUS = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
        "! opusenc ! rtpopuspay name=pay1 pt=97 ")
AAC = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample "
       "! avenc_aac ! rtpmp4gpay name=pay1 pt=97 ")

MOUNTS = {
    "/h264pcmu": RAW + H264.format(gop=30) + PCMU,
    "/h264pcma": RAW + H264.format(gop=30) + PCMA,
    "/h264opus": RAW + H264.format(gop=30) + OPUS,
    "/h264aac": RAW + H264.format(gop=30) + AAC,
    "/h264gop": RAW + H264.format(gop=150),
    "/h265": RAW + "x265enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! rtph265pay name=pay0 pt=96 ",
    "/mjpeg": RAW + "videoconvert ! video/x-raw,format=I420 ! jpegenc ! rtpjpegpay name=pay0 pt=26 ",
}


def option(argv, name, count):
    """The count values after --name in argv, or None."""
    if name not in argv:
        return None
    i = argv.index(name)
    return argv[i + 1:i + 1 + count]


def report(line):
    print(line, flush=True)


def expire_sessions(server, timeout):
    """Gives every new session the timeout and logs the keep-alive requests it gets."""
    def on_request(method):
        return lambda client, context: report("REQUEST " + method)

    def on_new_session(client, session):
        session.set_timeout(timeout)

    def on_client(server, client):
        client.connect("new-session", on_new_session)
        client.connect("options-request", on_request("OPTIONS"))
        client.connect("get-parameter-request", on_request("GET_PARAMETER"))

    def cleanup():
        pool = server.get_session_pool()
        for session in pool.filter(None, None):
            if session.is_expired_usec(GLib.get_monotonic_time()):
                report("EXPIRED " + session.get_sessionid())
        pool.cleanup()
        return True

    server.connect("client-connected", on_client)
    # GStreamer removes expired sessions only when asked to.
    GLib.timeout_add_seconds(1, cleanup)


def main(argv):
    Gst.init(None)
    port = argv[1]
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    # One thread per client: a slow pipeline start (x265) must not stall the other clients.
    server.get_thread_pool().set_max_threads(16)
    role = None
    credentials = option(argv, "--auth", 3)
    if credentials:
        method, user, password = credentials
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
    timeout = option(argv, "--session-timeout", 1)
    if timeout:
        expire_sessions(server, int(timeout[0]))
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
