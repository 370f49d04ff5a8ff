#!/usr/bin/python3
"""aiortc as a test peer of the SFU: an independent WebRTC stack (Python, aioice, PyAV codecs).

Talks to the Java test over stdin/stdout, one JSON object per line:
  out {"offer": "<sdp>"}                 the offer, with every candidate gathered
  in  {"answer": "<sdp>"}                the SFU's answer
  out {"state": ..., "videoFrames": n, "audioFrames": n, "packetsSent": n}   every 0.5 s
Role "answerer" is a viewer of a server that makes the offer (Janus's VideoRoom):
  in  {"offer": "<sdp>"}                 the server's offer
  out {"answer": "<sdp>"}                the answer, with every candidate gathered
then the same status lines.
It stops by itself after --seconds, or when stdin closes.

Roles: "presenter" sends a synthetic video track (VP8) and a synthetic audio track (Opus);
"viewer" offers recvonly audio + video and counts the frames it decodes; "answerer" answers
the server's offer instead and counts the same way.

aioice leaves 127.0.0.1 out of its host candidates; tests run in a loopback-only network
namespace, so the only usable address is 127.0.0.1 and it is put back here.
"""
import argparse
import asyncio
import fractions
import json
import logging
import os
import sys
import time

import aioice.ice

# AIORTC_PEER_DEBUG=1 logs aiortc / aioice at DEBUG to stderr (AiortcPeer keeps it in a file).
if os.environ.get("AIORTC_PEER_DEBUG"):
    logging.basicConfig(level=logging.DEBUG)

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import MediaStreamTrack  # noqa: E402
from av import AudioFrame, VideoFrame  # noqa: E402
import numpy  # noqa: E402


class MovingPicture(MediaStreamTrack):
    """30 fps 320x240 frames whose content changes every frame, so the encoder sends real data."""
    kind = "video"

    def __init__(self):
        super().__init__()
        self._count = 0
        self._start = None

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        self._count += 1
        wait = self._start + self._count / 30 - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        img = numpy.zeros((240, 320, 3), numpy.uint8)
        x = (self._count * 4) % 320
        img[:, x:x + 16, :] = 255
        img[:, :, 1] = (self._count * 3) % 256
        frame = VideoFrame.from_ndarray(img, format="bgr24")
        frame.pts = self._count * 3000
        frame.time_base = fractions.Fraction(1, 90000)
        return frame


class Tone(MediaStreamTrack):
    """20 ms frames of a 440 Hz tone at 48 kHz."""
    kind = "audio"

    def __init__(self):
        super().__init__()
        self._pts = 0
        self._start = None

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        samples = 960
        wait = self._start + self._pts / 48000 - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        t = (numpy.arange(samples) + self._pts) / 48000
        data = (numpy.sin(2 * numpy.pi * 440 * t) * 8000).astype(numpy.int16).reshape(1, -1)
        frame = AudioFrame.from_ndarray(data, format="s16", layout="mono")
        frame.sample_rate = 48000
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, 48000)
        self._pts += samples
        return frame


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def run(role, seconds):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    counts = {"video": 0, "audio": 0}

    if role == "presenter":
        pc.addTransceiver(Tone(), direction="sendonly")
        pc.addTransceiver(MovingPicture(), direction="sendonly")
    else:
        if role == "viewer":
            pc.addTransceiver("audio", direction="recvonly")
            pc.addTransceiver("video", direction="recvonly")

        @pc.on("track")
        def on_track(track):
            async def consume():
                while True:
                    try:
                        await track.recv()
                    except Exception:
                        return
                    counts[track.kind] += 1
            asyncio.ensure_future(consume())

    loop = asyncio.get_event_loop()
    if role == "answerer":
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        offer = json.loads(line)["offer"]
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        emit({"answer": pc.localDescription.sdp})
    else:
        await pc.setLocalDescription(await pc.createOffer())
        emit({"offer": pc.localDescription.sdp})

        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        answer = json.loads(line)["answer"]
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))

    deadline = time.time() + seconds
    while time.time() < deadline:
        sent = 0
        for report in (await pc.getStats()).values():
            if report.type == "outbound-rtp":
                sent += report.packetsSent
        emit({"state": pc.connectionState, "videoFrames": counts["video"],
              "audioFrames": counts["audio"], "packetsSent": sent})
        if pc.connectionState in ("failed", "closed"):
            break
        await asyncio.sleep(0.5)
    await pc.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["presenter", "viewer", "answerer"])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    asyncio.run(run(args.role, args.seconds))


if __name__ == "__main__":
    main()
