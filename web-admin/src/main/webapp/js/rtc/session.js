/**
 * One participant's WebRTC session with the media server: the RTCPeerConnection, its
 * transceivers, and the offer / answer exchange through a signaling Channel
 * (see signaling/signaling.js).
 *
 * The server only answers, never offers, and does not trickle: this class creates every
 * offer, waits for ICE gathering to complete (bounded by GATHER_TIMEOUT_MS) so the SDP
 * carries all candidates, writes it with a rev, and applies the answer whose rev matches.
 * A new offer (rev + 1) is made when screen sharing starts or stops, and when the server
 * raises renegotiate on the participant document.
 *
 * m-line order is fixed so the server can tell the tracks apart:
 *   presenter: audio (sendonly), camera video (sendonly), screen video (sendonly, added on
 *              the first share, "inactive" while not sharing)
 *   viewer:    audio (recvonly), then videoSlots recvonly video slots (default 2: camera,
 *              screen, so a screen share needs no new offer; slots beyond are "video3", ...)
 *
 * A viewer with fewer slots than the presenter on stage has tracks is told so by the server:
 * renegotiate: true and slots: {audio, video} (the slots it needs in all). The session adds
 * recvonly transceivers up to that many (named "audio2", ... for audio; "screen", "video3",
 * ... for video) and sends a new offer. It also does so when slots asks for more than it has
 * without the flag (the flag of an answer it was raised during may have been lowered).
 *
 * It does not touch the DOM: the page gets tracks through onTrack and redraws on onChange.
 */

/** Upper bound on waiting for ICE gathering before an offer is sent anyway. */
export const GATHER_TIMEOUT_MS = 3000;
/** A misbehaving server that keeps asking for renegotiation gets one offer per interval. */
const MIN_OFFER_INTERVAL_MS = 1000;
/** After this long without an answer the state says so (it keeps waiting). */
const SLOW_ANSWER_MS = 15000;
/** A viewer never opens more receive slots of a kind than this, whatever slots asks for. */
export const MAX_SLOTS = 8;
/** A viewer's video slots when the page does not say: camera and screen. */
export const DEFAULT_VIDEO_SLOTS = 2;

export class MeetingSession {
  /**
   * @param channel  a signaling Channel (already joined)
   * @param role     "presenter" | "viewer"
   * @param onChange called (without arguments) whenever snapshot() may have changed
   * @param onTrack  called with (slot, MediaStreamTrack, local) where slot is
   *                 "audio" | "camera" | "screen" (a viewer's further slots: "audio2", ...,
   *                 "video3", ...); track null when a local slot is emptied
   * @param iceServers RTCIceServer list; empty by default (the media server is reachable
   *                 directly, it learns the browser's address from its checks)
   * @param videoSlots viewer: video slots of the first offer, 0 to MAX_SLOTS (default 2)
   */
  constructor({ channel, role, onChange = () => {}, onTrack = () => {}, iceServers = [],
    videoSlots = DEFAULT_VIDEO_SLOTS }) {
    if (role !== 'presenter' && role !== 'viewer') {
      throw new Error('role must be presenter or viewer, not ' + role);
    }
    if (!Number.isInteger(videoSlots) || videoSlots < 0 || videoSlots > MAX_SLOTS) {
      throw new Error('videoSlots must be a whole number from 0 to ' + MAX_SLOTS + ', not ' + videoSlots);
    }
    this.videoSlots = videoSlots;
    this.channel = channel;
    this.role = role;
    this.onChange = onChange;
    this.onTrack = onTrack;
    this.iceServers = iceServers;
    this.pc = null;
    this.slots = new Map();          // transceiver -> slot name
    this.transceivers = {};          // slot name -> transceiver
    this.local = { audio: null, camera: null, screen: null };
    this.rev = 0;                    // last offer rev the server accepted
    this.pendingRev = 0;             // offer rev waiting for its answer (0: none)
    this.answeredRev = 0;
    this.offerToAnswerMs = null;     // last offer written -> its answer applied, as this page saw it
    this.offerWriteMs = null;        // how long the store took to confirm that offer's write
    this.slotRequestSeenAt = 0;      // when this page saw the server ask for slots (0: not asked)
    this.slotRequestMs = null;       // last such request seen -> the new offer's answer applied
    this.offerWanted = false;
    this.offering = false;
    this.applying = false;
    this.lastOfferAt = 0;
    this.pumpTimer = null;
    this.phase = 'idle';
    this.doc = null;
    this.error = null;               // this client's last error text
    this.mediaWarning = null;        // camera / microphone not available
    this.ended = null;               // why the session ended, when it did
    this.unsubscribe = [];
  }

  /**
   * Creates the connection and sends the first offer. For a presenter, camera and mic say
   * which capture devices to open (both may be false: screen share only).
   */
  async start({ camera = true, mic = true } = {}) {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    for (const event of ['signalingstatechange', 'iceconnectionstatechange',
      'connectionstatechange', 'icegatheringstatechange']) {
      pc.addEventListener(event, () => this.changed());
    }
    pc.addEventListener('track', (e) => {
      const slot = this.slots.get(e.transceiver);
      if (slot) {
        this.onTrack(slot, e.track, false);
      }
    });
    this.unsubscribe.push(this.channel.onDocument((doc) => this.handleDocument(doc)));
    this.unsubscribe.push(this.channel.onDeleted(() => this.end('the server removed you from the room')));

    if (this.role === 'presenter') {
      await this.openCapture(camera, mic);
      const stream = new MediaStream([this.local.audio, this.local.camera].filter(Boolean));
      this.addSlot('audio', this.local.audio || 'audio', 'sendonly', stream);
      this.addSlot('camera', this.local.camera || 'video', 'sendonly', stream);
    } else {
      this.addMissingSlots({ audio: 1, video: this.videoSlots });
    }
    this.requestOffer();
  }

  addSlot(slot, trackOrKind, direction, stream) {
    const init = { direction };
    if (stream) {
      init.streams = [stream];
    }
    const transceiver = this.pc.addTransceiver(trackOrKind, init);
    this.slots.set(transceiver, slot);
    this.transceivers[slot] = transceiver;
    return transceiver;
  }

  /** Viewer: the receive slots of each kind it has. */
  slotCounts() {
    const counts = { audio: 0, video: 0 };
    for (const transceiver of this.slots.keys()) {
      counts[transceiver.receiver.track.kind] += 1;
    }
    return counts;
  }

  /** Viewer: true when the server's slots {audio, video} ask for more than it has. */
  lacksSlots(wanted) {
    const need = slotsWanted(wanted);
    const have = this.slotCounts();
    return need.audio > have.audio || need.video > have.video;
  }

  /** Viewer: adds recvonly transceivers until it has at least the wanted slots of each kind. */
  addMissingSlots(wanted) {
    const need = slotsWanted(wanted);
    const have = this.slotCounts();
    for (let i = have.audio; i < need.audio; i++) {
      this.addSlot(i === 0 ? 'audio' : 'audio' + (i + 1), 'audio', 'recvonly');
    }
    for (let i = have.video; i < need.video; i++) {
      this.addSlot(VIDEO_SLOT_NAMES[i] || 'video' + (i + 1), 'video', 'recvonly');
    }
  }

  async openCapture(camera, mic) {
    if (!camera && !mic) {
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: mic ? { echoCancellation: true, noiseSuppression: true } : false,
        video: camera ? { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } : false
      });
      this.local.audio = stream.getAudioTracks()[0] || null;
      this.local.camera = stream.getVideoTracks()[0] || null;
    } catch (e) {
      this.mediaWarning = 'Camera / microphone not available (' + (e.message || e.name)
        + '). You can still share your screen.';
    }
    if (this.local.camera) {
      this.onTrack('camera', this.local.camera, true);
    }
    this.changed();
  }

  /** Presenter: asks the browser for a screen / window and sends it as the screen track. */
  async shareScreen() {
    if (this.role !== 'presenter' || this.local.screen || this.ended) {
      return;
    }
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 } },
      audio: false
    });
    const track = stream.getVideoTracks()[0];
    track.contentHint = 'detail';
    track.addEventListener('ended', () => this.stopScreen());
    const existing = this.transceivers.screen;
    if (existing) {
      await existing.sender.replaceTrack(track);
      existing.direction = 'sendonly';
    } else {
      this.addSlot('screen', track, 'sendonly', new MediaStream([track]));
    }
    this.local.screen = track;
    this.onTrack('screen', track, true);
    this.requestOffer();
  }

  /** Presenter: stops the screen track; its m-line stays, inactive, for the next share. */
  async stopScreen() {
    const track = this.local.screen;
    if (!track) {
      return;
    }
    this.local.screen = null;
    track.stop();
    const transceiver = this.transceivers.screen;
    if (transceiver && this.pc.signalingState !== 'closed') {
      await transceiver.sender.replaceTrack(null);
      transceiver.direction = 'inactive';
      this.requestOffer();
    }
    this.onTrack('screen', null, true);
  }

  /** Mutes / unmutes a local track without renegotiating (silence / black frames). */
  setEnabled(slot, enabled) {
    const track = this.local[slot];
    if (track) {
      track.enabled = enabled;
      this.changed();
    }
  }

  isEnabled(slot) {
    const track = this.local[slot];
    return Boolean(track && track.enabled);
  }

  requestOffer() {
    this.offerWanted = true;
    this.pump();
  }

  /** Makes the next offer when one is wanted and none is outstanding. */
  async pump() {
    if (!this.offerWanted || this.offering || this.applying || this.pendingRev || this.ended
      || !this.pc || this.pc.signalingState !== 'stable') {
      return;
    }
    const wait = this.lastOfferAt + MIN_OFFER_INTERVAL_MS - Date.now();
    if (wait > 0) {
      clearTimeout(this.pumpTimer);
      this.pumpTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    this.offering = true;
    this.offerWanted = false;
    const rev = this.rev + 1;
    try {
      if (this.role === 'viewer' && this.doc) {
        this.addMissingSlots(this.doc.slots);
      }
      this.phase = 'gathering candidates';
      this.changed();
      await this.pc.setLocalDescription(await this.pc.createOffer());
      await iceGatheringComplete(this.pc, GATHER_TIMEOUT_MS);
      this.phase = 'sending offer ' + rev;
      this.pendingRev = rev;
      this.lastOfferAt = Date.now();
      this.changed();
      await this.channel.sendOffer(this.pc.localDescription.sdp, rev);
      this.offerWriteMs = Date.now() - this.lastOfferAt;
      this.rev = rev;
      this.error = null;
      this.phase = 'waiting for answer ' + rev;
    } catch (e) {
      this.pendingRev = 0;
      this.error = 'Could not send the offer: ' + (e.message || e);
      this.phase = 'offer failed';
      await this.rollback();
    } finally {
      this.offering = false;
      this.changed();
    }
    if (this.doc) {
      this.handleDocument(this.doc);
    }
  }

  async rollback() {
    if (this.pc && this.pc.signalingState === 'have-local-offer') {
      try {
        await this.pc.setLocalDescription({ type: 'rollback' });
      } catch (e) {
        console.warn('rollback failed', e);
      }
    }
  }

  handleDocument(doc) {
    if (!doc || this.ended) {
      return;
    }
    this.doc = doc;
    if (doc.state === 'left' || doc.leave === true) {
      // Our own leave() stops the subscriptions first: this one came from elsewhere.
      this.end(doc.error || 'the server closed your session');
      return;
    }
    const short = this.role === 'viewer' && this.lacksSlots(doc.slots);
    if ((doc.renegotiate === true || short) && !this.slotRequestSeenAt) {
      this.slotRequestSeenAt = Date.now();
    }
    this.applyAnswer(doc);
    if ((doc.renegotiate === true || short) && !this.pendingRev && !this.offering
      && doc.offer && doc.offer.rev === this.rev) {
      this.requestOffer();
    }
    this.changed();
  }

  async applyAnswer(doc) {
    const answer = doc.answer;
    if (!answer || !this.pendingRev || answer.rev !== this.pendingRev || this.applying
      || this.offering || this.pc.signalingState !== 'have-local-offer') {
      return;
    }
    this.applying = true;
    const rev = this.pendingRev;
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      this.answeredRev = rev;
      this.offerToAnswerMs = Date.now() - this.lastOfferAt;
      if (this.slotRequestSeenAt && this.slotRequestSeenAt <= this.lastOfferAt) {
        this.slotRequestMs = Date.now() - this.slotRequestSeenAt;
        this.slotRequestSeenAt = 0;
      }
      this.phase = 'answered ' + rev;
      this.error = null;
    } catch (e) {
      this.error = 'The server\'s answer ' + rev + ' could not be applied: ' + (e.message || e);
      this.phase = 'answer rejected';
      await this.rollback();
    } finally {
      this.pendingRev = 0;
      this.applying = false;
      this.changed();
    }
    this.handleDocument(this.doc);
    this.pump();
  }

  end(reason) {
    if (this.ended) {
      return;
    }
    this.ended = reason;
    this.close();
  }

  /** Stops local capture and closes the connection; does not touch signaling. */
  close() {
    clearTimeout(this.pumpTimer);
    this.unsubscribe.forEach((off) => off());
    this.unsubscribe = [];
    for (const track of Object.values(this.local)) {
      if (track) {
        track.stop();
      }
    }
    if (this.pc) {
      this.pc.close();
    }
    if (!this.ended) {
      this.ended = 'closed';
    }
    this.changed();
  }

  changed() {
    try {
      this.onChange();
    } catch (e) {
      console.error('onChange failed', e);
    }
  }

  /** Everything the page shows about the negotiation, as plain data (also window.fm.state()). */
  snapshot() {
    const pc = this.pc;
    const doc = this.doc || {};
    let phase = this.phase;
    if (this.pendingRev && (doc.state === 'error' || doc.state === 'failed')) {
      phase = 'offer ' + this.pendingRev + ' rejected by the server';
    } else if (this.pendingRev && Date.now() - this.lastOfferAt > SLOW_ANSWER_MS) {
      phase = 'no answer from the media server yet (offer ' + this.pendingRev + ')';
    }
    return {
      role: this.role,
      phase,
      offerRev: this.rev,
      pendingRev: this.pendingRev,
      answerRev: doc.answer ? doc.answer.rev : 0,
      appliedAnswerRev: this.answeredRev,
      offerToAnswerMs: this.offerToAnswerMs,
      offerWriteMs: this.offerWriteMs,
      slotRequestMs: this.slotRequestMs,
      serverState: doc.state || null,
      serverError: doc.error || null,
      renegotiate: doc.renegotiate === true,
      slotsRequested: doc.slots ? slotsWanted(doc.slots) : null,
      slots: this.role === 'viewer' && pc ? this.slotCounts() : null,
      error: this.error,
      mediaWarning: this.mediaWarning,
      ended: this.ended,
      signalingState: pc ? pc.signalingState : 'new',
      iceGatheringState: pc ? pc.iceGatheringState : 'new',
      iceConnectionState: pc ? pc.iceConnectionState : 'new',
      connectionState: pc ? pc.connectionState : 'new',
      sharingScreen: Boolean(this.local.screen),
      micEnabled: this.isEnabled('audio'),
      cameraEnabled: this.isEnabled('camera')
    };
  }
}

/** A viewer's video slots by position; further ones are "video3", "video4", ... */
const VIDEO_SLOT_NAMES = ['camera', 'screen'];

/** The server's slots field as {audio, video}: whole numbers, 0 to MAX_SLOTS (anything else 0). */
export function slotsWanted(slots) {
  const count = (v) => (Number.isInteger(v) && v > 0 ? Math.min(v, MAX_SLOTS) : 0);
  return { audio: count(slots && slots.audio), video: count(slots && slots.video) };
}

/** Resolves when ICE gathering completes, or after timeoutMs with what was gathered. */
export function iceGatheringComplete(pc, timeoutMs) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') {
      resolve();
      return;
    }
    const timer = setTimeout(finish, timeoutMs);
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
