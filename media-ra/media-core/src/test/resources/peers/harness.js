/*
 * family-meeting peer harness: the browser half of io.familymeeting.media.core.peers.
 *
 * A Java test (HarnessPeer / HarnessConnection) calls these functions through Selenium's
 * executeAsyncScript. Each page holds any number of named RTCPeerConnections, so one
 * Chromium can play several participants. No trickle ICE: every offer and answer is
 * returned after ICE gathering completed (bounded by GATHER_TIMEOUT_MS), with all its
 * candidates in the SDP, which is what the SFU expects.
 *
 * What it does not do: signaling (the Java test carries the SDP), or any assertion
 * (the Java test decides from stats()).
 *
 *   harness.invoke(fn, args) -> Promise<{value}> | Promise<{error}>   (Java entry point)
 *   makePresenterOffer(name, {audio=true, video=true, screen=false, simulcast=false}) -> offer SDP
 *       sendonly transceivers, in this m-line order: fake microphone, fake camera, and with
 *       screen a second video track from getDisplayMedia (Chromium's fake 800x600 screen).
 *       With simulcast the camera is sent as three encodings, rids q (1/4 size), h (1/2), f.
 *   outboundVideo(name) -> [{rid, frameWidth, framesEncoded, packetsSent, pliCount}] per sent video encoding
 *   makeViewerOffer(name, {audio=true, videoSlots=1}) -> offer SDP (recvonly transceivers)
 *   addViewerSlotAndReoffer(name) -> offer SDP with one more recvonly video transceiver
 *   makeAnswer(name, offerSdp) -> answer SDP; sends fake camera / microphone on every
 *       m-section the offer wants to receive on (offer direction recvonly or sendrecv)
 *   applyAnswer(name, answerSdp)
 *   stats(name) -> {connectionState, video:[{mid, framesDecoded, frameWidth, frameHeight,
 *       packetsReceived, packetsLost, nackCount, retransmittedPacketsReceived}],
 *       audio:{packetsReceived, bytesReceived},
 *       outbound:{packetsSent, bytesSent, framesEncoded, availableOutgoingBitrate}}
 *   availableOutgoingBitrate(name) -> bits/s or null (no selected candidate pair yet)
 *   state(name) -> {signalingState, iceGatheringState, iceConnectionState, connectionState}
 *   localDescription(name) -> SDP or null; close(name); names() -> [name]
 *   watchFrames(name) starts sampling framesDecoded (inbound video, summed) every 100 ms;
 *   frameWatch(name) -> {maxGapMs, samples, maxSampleIntervalMs, framesDecoded}: the longest
 *       time without a new decoded frame since watchFrames, as sampled: an upper bound, it
 *       includes the sample interval (at most maxSampleIntervalMs)
 */
(function () {
  'use strict';

  const GATHER_TIMEOUT_MS = 5000;
  const connections = new Map();
  let cameraPromise = null;

  function connection(name) {
    let pc = connections.get(name);
    if (!pc) {
      pc = new RTCPeerConnection({ iceServers: [] });
      pc.ontrack = (e) => attach(name, e.track);
      connections.set(name, pc);
    }
    return pc;
  }

  function existing(name) {
    const pc = connections.get(name);
    if (!pc) {
      throw new Error('no peer connection named ' + name);
    }
    return pc;
  }

  // Received tracks are rendered (muted, autoplaying) so Chromium decodes them.
  function attach(name, track) {
    const el = document.createElement(track.kind === 'video' ? 'video' : 'audio');
    el.autoplay = true;
    el.muted = true;
    el.playsInline = true;
    el.dataset.connection = name;
    el.srcObject = new MediaStream([track]);
    document.getElementById('media').appendChild(el);
    el.play().catch(() => { /* autoplay policy: decoding still happens */ });
  }

  // One fake camera + microphone capture per page, shared (cloned) by every connection.
  function camera() {
    if (!cameraPromise) {
      cameraPromise = navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: 640, height: 480, frameRate: 30 }
      });
    }
    return cameraPromise;
  }

  // The fake screen capture: with --use-fake-ui-for-media-stream and
  // --use-fake-device-for-media-stream Chromium grants getDisplayMedia without a gesture
  // and captures a synthetic 800x600 "monitor".
  async function screenTrack() {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    track.contentHint = 'detail';
    return track;
  }

  function gathered(pc) {
    return new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') {
        resolve();
        return;
      }
      const timer = setTimeout(finish, GATHER_TIMEOUT_MS);
      function check() {
        if (pc.iceGatheringState === 'complete') {
          finish();
        }
      }
      function finish() {
        clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
      pc.addEventListener('icegatheringstatechange', check);
    });
  }

  async function localOffer(pc) {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    return pc.localDescription.sdp;
  }

  // Simulcast of the camera (RFC 8853 rids): quarter, half and full size.
  const SIMULCAST = [
    { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
    { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
    { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1500000 }
  ];

  async function makePresenterOffer(name, options) {
    const opts = Object.assign({ audio: true, video: true, screen: false, simulcast: false }, options || {});
    const pc = connection(name);
    const media = await camera();
    const stream = new MediaStream();
    if (opts.audio) {
      const track = media.getAudioTracks()[0].clone();
      stream.addTrack(track);
      pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    }
    if (opts.video) {
      const track = media.getVideoTracks()[0].clone();
      stream.addTrack(track);
      const init = { direction: 'sendonly', streams: [stream] };
      if (opts.simulcast) {
        init.sendEncodings = SIMULCAST.map((e) => Object.assign({}, e));
      }
      pc.addTransceiver(track, init);
    }
    if (opts.screen) {
      const track = await screenTrack();
      pc.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream([track])] });
    }
    return localOffer(pc);
  }

  // Renegotiation on an existing connection (JSEP: same ICE and DTLS, new offer): a
  // presenter starts sharing its screen as one more sendonly video transceiver.
  async function addScreenAndReoffer(name) {
    const pc = connection(name);
    const track = await screenTrack();
    pc.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream([track])] });
    return localOffer(pc);
  }

  // A viewer told it lacks a slot renegotiates with one more recvonly video transceiver.
  async function addViewerSlotAndReoffer(name) {
    const pc = connection(name);
    pc.addTransceiver('video', { direction: 'recvonly' });
    return localOffer(pc);
  }

  async function makeViewerOffer(name, options) {
    const opts = Object.assign({ audio: true, videoSlots: 1 }, options || {});
    const pc = connection(name);
    if (opts.audio) {
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    for (let i = 0; i < opts.videoSlots; i++) {
      pc.addTransceiver('video', { direction: 'recvonly' });
    }
    return localOffer(pc);
  }

  // mid -> direction attribute of each m-section (RFC 8866 §6.7, RFC 8843 mid).
  function offeredDirections(sdp) {
    const result = new Map();
    for (const section of sdp.split(/\r?\nm=/).slice(1)) {
      const mid = /\r?\na=mid:(\S+)/.exec(section);
      const dir = /\r?\na=(sendrecv|sendonly|recvonly|inactive)\b/.exec(section);
      if (mid) {
        result.set(mid[1], dir ? dir[1] : 'sendrecv');
      }
    }
    return result;
  }

  async function makeAnswer(name, offerSdp) {
    const pc = connection(name);
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const directions = offeredDirections(offerSdp);
    for (const t of pc.getTransceivers()) {
      const offered = directions.get(t.mid);
      const remoteReceives = offered === 'recvonly' || offered === 'sendrecv';
      const remoteSends = offered === 'sendonly' || offered === 'sendrecv';
      if (remoteReceives) {
        const media = await camera();
        const kind = t.receiver.track.kind;
        const source = kind === 'audio' ? media.getAudioTracks()[0] : media.getVideoTracks()[0];
        await t.sender.replaceTrack(source.clone());
      }
      t.direction = remoteReceives ? (remoteSends ? 'sendrecv' : 'sendonly')
        : (remoteSends ? 'recvonly' : 'inactive');
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    return pc.localDescription.sdp;
  }

  async function applyAnswer(name, answerSdp) {
    await existing(name).setRemoteDescription({ type: 'answer', sdp: answerSdp });
    return null;
  }

  async function selectedPair(report) {
    for (const s of report.values()) {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        return report.get(s.selectedCandidatePairId) || null;
      }
    }
    for (const s of report.values()) {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        return s;
      }
    }
    return null;
  }

  async function stats(name) {
    const pc = existing(name);
    const report = await pc.getStats();
    const video = [];
    const audio = { packetsReceived: 0, bytesReceived: 0 };
    const outbound = { packetsSent: 0, bytesSent: 0, framesEncoded: 0, availableOutgoingBitrate: null };
    for (const s of report.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        video.push({
          mid: s.mid === undefined ? null : s.mid,
          framesDecoded: s.framesDecoded || 0,
          frameWidth: s.frameWidth || 0,
          frameHeight: s.frameHeight || 0,
          packetsReceived: s.packetsReceived || 0,
          packetsLost: s.packetsLost || 0,
          nackCount: s.nackCount || 0,
          retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0
        });
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        audio.packetsReceived += s.packetsReceived || 0;
        audio.bytesReceived += s.bytesReceived || 0;
      } else if (s.type === 'outbound-rtp') {
        outbound.packetsSent += s.packetsSent || 0;
        outbound.bytesSent += s.bytesSent || 0;
        outbound.framesEncoded += s.framesEncoded || 0;
      }
    }
    const pair = await selectedPair(report);
    if (pair && typeof pair.availableOutgoingBitrate === 'number') {
      outbound.availableOutgoingBitrate = pair.availableOutgoingBitrate;
    }
    return { connectionState: pc.connectionState, video, audio, outbound };
  }

  async function outboundVideo(name) {
    const report = await existing(name).getStats();
    const encodings = [];
    for (const s of report.values()) {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        encodings.push({
          rid: s.rid === undefined ? null : s.rid,
          frameWidth: s.frameWidth || 0,
          framesEncoded: s.framesEncoded || 0,
          packetsSent: s.packetsSent || 0,
          pliCount: s.pliCount || 0
        });
      }
    }
    return encodings;
  }

  async function availableOutgoingBitrate(name) {
    return (await stats(name)).outbound.availableOutgoingBitrate;
  }

  async function state(name) {
    const pc = existing(name);
    return {
      signalingState: pc.signalingState,
      iceGatheringState: pc.iceGatheringState,
      iceConnectionState: pc.iceConnectionState,
      connectionState: pc.connectionState
    };
  }

  async function localDescription(name) {
    const pc = existing(name);
    return pc.localDescription ? pc.localDescription.sdp : null;
  }

  async function close(name) {
    const pc = connections.get(name);
    if (pc) {
      pc.getSenders().forEach((s) => s.track && s.track.stop());
      pc.close();
      connections.delete(name);
    }
    return null;
  }

  async function names() {
    return Array.from(connections.keys());
  }

  const watches = new Map();

  async function decodedFrames(pc) {
    let frames = 0;
    for (const s of (await pc.getStats()).values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        frames += s.framesDecoded || 0;
      }
    }
    return frames;
  }

  async function watchFrames(name) {
    const pc = existing(name);
    const old = watches.get(name);
    if (old) {
      old.stopped = true;
    }
    const now = performance.now();
    const w = { stopped: false, last: await decodedFrames(pc), lastChange: now, lastSample: now,
      maxGapMs: 0, maxSampleIntervalMs: 0, samples: 0 };
    watches.set(name, w);
    const sample = async () => {
      if (w.stopped) {
        return;
      }
      const frames = await decodedFrames(pc);
      const t = performance.now();
      w.samples++;
      w.maxSampleIntervalMs = Math.max(w.maxSampleIntervalMs, t - w.lastSample);
      w.lastSample = t;
      // The time since the last sample that saw a new frame (an upper bound: it includes the
      // sample interval).
      w.maxGapMs = Math.max(w.maxGapMs, t - w.lastChange);
      if (frames > w.last) {
        w.last = frames;
        w.lastChange = t;
      }
      setTimeout(sample, 100);
    };
    setTimeout(sample, 100);
    return null;
  }

  async function frameWatch(name) {
    const w = watches.get(name);
    if (!w) {
      throw new Error('watchFrames(' + name + ') was not called');
    }
    return { maxGapMs: Math.round(w.maxGapMs), samples: w.samples,
      maxSampleIntervalMs: Math.round(w.maxSampleIntervalMs), framesDecoded: w.last };
  }

  const functions = {
    makePresenterOffer, addScreenAndReoffer, addViewerSlotAndReoffer, makeViewerOffer, makeAnswer,
    applyAnswer, stats, outboundVideo, availableOutgoingBitrate, state, localDescription, close, names,
    watchFrames, frameWatch
  };

  window.harness = {
    invoke(fn, args) {
      const f = functions[fn];
      if (!f) {
        return Promise.resolve({ error: 'unknown harness function ' + fn });
      }
      return Promise.resolve()
        .then(() => f.apply(null, args || []))
        .then((value) => ({ value: value === undefined ? null : value }),
          (e) => ({ error: String((e && e.stack) || e) }));
    }
  };
})();
