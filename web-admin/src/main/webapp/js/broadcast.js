/**
 * The broadcast page (broadcast.html): the family-meeting web client's flow on the flat
 * broadcast_requests collection (docs/signaling.md), written with the Firebase JS SDK
 * (signaling/broadcast-requests.js). A broadcaster sends camera and microphone; a participant
 * watches one broadcast, named by its document id (parent). "End" writes abort: true: for a
 * broadcaster that ends the broadcast and every participant of it.
 * Needs the Firestore backend (GET /api/config backend "firestore").
 *
 * Query parameters: kind (broadcaster | participant), parent, name, auto=1.
 *
 * Test hooks: window.fm = {
 *   state()  -> {requestId, kind, parent, name, requestState (the document's state),
 *                answered, ended, startError, ...MeetingSession.snapshot() (offerToAnswerMs,
 *                connectionState, ...)}
 *   stats()  -> Promise of rtc/stats.js collectStats()
 *   end()    -> Promise: abort: true on this page's document
 * }
 */
import { openSignaling, isValidId, newParticipantId } from './signaling/signaling.js';
import { openFirestore } from './signaling/firebase.js';
import { BroadcastRequestChannel } from './signaling/broadcast-requests.js';
import { MeetingSession } from './rtc/session.js';
import { collectStats } from './rtc/stats.js';
import { $, showText, setState, leaveOnPageHide } from './ui/dom.js';
import { StatsPanel } from './ui/stats-panel.js';

const NAME_KEY = 'familymeeting.name';
const KINDS = ['broadcaster', 'participant'];

const page = {
  identity: null,      // {requestId, kind, parent, name}
  channel: null,
  session: null,
  startError: null,
  statsPanel: null,
  renderQueued: false
};

window.fm = {
  state() {
    const id = page.identity || {};
    const raw = page.channel ? page.channel.raw || {} : {};
    const snapshot = page.session ? page.session.snapshot() : {};
    return Object.assign({
      requestId: id.requestId || null,
      kind: id.kind || null,
      parent: id.parent || null,
      name: id.name || null,
      requestState: raw.state || null,
      answered: typeof raw.answer === 'string' && raw.answer.length > 0,
      startError: page.startError
    }, snapshot);
  },
  stats: () => collectStats(page.session ? page.session.pc : null),
  end: () => end()
};

function readParams() {
  const q = new URLSearchParams(location.search);
  return {
    kind: KINDS.includes(q.get('kind')) ? q.get('kind') : 'broadcaster',
    parent: (q.get('parent') || '').trim(),
    name: (q.get('name') || localStorage.getItem(NAME_KEY) || '').trim(),
    auto: q.get('auto') === '1'
  };
}

function validate({ kind, parent, name }) {
  if (!name) {
    return 'Please enter your name.';
  }
  if (name.length > 60) {
    return 'Names are at most 60 characters.';
  }
  if (kind === 'participant' && !isValidId(parent)) {
    return 'Enter the id of the broadcast to watch (letters, digits, "-" and "_").';
  }
  return null;
}

function showForm(params, error) {
  $('start-panel').hidden = false;
  $('stage').hidden = true;
  $('start-name').value = params.name;
  $('start-parent').value = params.parent;
  document.querySelector('#start-form input[name=kind][value=' + params.kind + ']').checked = true;
  showText($('start-error'), error);
}

function fromForm(event) {
  event.preventDefault();
  const params = {
    kind: document.querySelector('#start-form input[name=kind]:checked').value,
    parent: $('start-parent').value.trim(),
    name: $('start-name').value.trim()
  };
  const error = validate(params);
  if (error) {
    showText($('start-error'), error);
    return;
  }
  start(params);
}

async function start(params) {
  localStorage.setItem(NAME_KEY, params.name);
  page.identity = Object.assign({}, params, {
    requestId: newParticipantId(),
    parent: params.kind === 'participant' ? params.parent : ''
  });
  $('start-panel').hidden = true;
  $('stage').hidden = false;
  $('end').hidden = false;
  $('me').textContent = params.name + ' · ' + params.kind;
  $('caption').textContent = params.kind === 'broadcaster' ? 'Your camera' : 'Broadcast';
  history.replaceState(null, '', 'broadcast.html?' + new URLSearchParams({
    kind: params.kind, parent: page.identity.parent, name: params.name }).toString());
  render();
  try {
    const signaling = await openSignaling();
    if (signaling.backend !== 'firestore') {
      throw new Error('broadcasts need the Firestore signaling backend (this server runs "'
        + signaling.backend + '"); use the room page instead');
    }
    if (signaling.config.signIn === 'token') {
      throw new Error('this server admits invited people only (ACCESS_MODE=token), and this page has no'
        + ' invitations: open the room link you were given');
    }
    const db = await openFirestore(signaling.config);
    const id = page.identity;
    page.channel = new BroadcastRequestChannel(db, {
      requestId: id.requestId, requestor: id.name, kind: id.kind, parent: id.parent });
    page.session = new MeetingSession({
      channel: page.channel,
      role: id.kind === 'broadcaster' ? 'presenter' : 'viewer',
      onChange: scheduleRender,
      onTrack: showTrack,
      iceServers: Array.isArray(signaling.config.iceServers) ? signaling.config.iceServers : []
    });
    await page.session.start({ camera: true, mic: true });
    page.statsPanel.start(page.session.pc, page.session.role);
  } catch (e) {
    page.startError = 'Could not start: ' + (e.message || e);
    console.error(e);
  }
  render();
}

async function end() {
  if (!page.channel) {
    return;
  }
  try {
    await page.channel.leave();
  } catch (e) {
    page.startError = 'Could not end: ' + (e.message || e);
    render();
  }
}

function showTrack(slot, track, local) {
  if (slot === 'audio') {
    if (!local && track) {
      const audio = $('remote-audio');
      audio.srcObject = new MediaStream([track]);
      audio.play().catch(() => { /* autoplay blocked: the video still plays */ });
    }
    return;
  }
  if (slot !== 'camera') {
    return;
  }
  const video = $('video');
  video.srcObject = track ? new MediaStream([track]) : null;
  if (track) {
    video.play().catch(() => { /* muted autoplay; a later frame starts it */ });
  }
}

function scheduleRender() {
  if (!page.renderQueued) {
    page.renderQueued = true;
    requestAnimationFrame(() => {
      page.renderQueued = false;
      render();
    });
  }
}

function render() {
  const s = window.fm.state();
  setState($('st-request'), s.requestId ? s.kind + ' ' + s.requestId : null, s.requestState || 'new');
  setState($('st-server'), s.requestState);
  setState($('st-phase'), s.phase || null, s.phase && s.phase.startsWith('answered') ? 'answered' : s.phase);
  setState($('st-latency'), typeof s.offerToAnswerMs === 'number' ? s.offerToAnswerMs + ' ms' : null, 'answered');
  setState($('st-ice'), s.iceConnectionState || null);
  setState($('st-connection'), s.connectionState || null);
  const sharing = s.kind === 'broadcaster' && s.answered && !s.ended;
  $('share').hidden = !sharing;
  if (sharing) {
    const link = new URL('broadcast.html', document.baseURI);
    link.search = new URLSearchParams({ kind: 'participant', parent: s.requestId }).toString();
    $('share-link').href = link.toString();
    $('share-id').textContent = s.requestId;
  }
  showText($('error'), s.startError || s.error || (s.serverError && s.requestState === 'error'
    ? 'The media server refused this request: ' + s.serverError : null) || s.mediaWarning);
  if (s.ended && s.ended !== 'closed') {
    $('end').hidden = true;
    page.statsPanel.stop();
    $('ended').hidden = false;
    $('ended-text').textContent = 'The broadcast ended: ' + s.ended + '.';
  }
}

function init() {
  page.statsPanel = new StatsPanel($('stats'));
  $('start-form').addEventListener('submit', fromForm);
  $('end').addEventListener('click', () => end());
  leaveOnPageHide(page);
  const params = readParams();
  const error = validate(params);
  if (params.auto && !error) {
    start(params);
  } else {
    showForm(params, params.auto ? error : null);
  }
}

init();
