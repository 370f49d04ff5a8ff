/**
 * The room page (room.html): joins a room as presenter or viewer, shows the video tiles,
 * the connection state (signaling streams, server document state and error, SDP / ICE /
 * connection states), the participant list and media statistics.
 *
 * An invitation link (token mode) carries its join token in the fragment (#token=...): the
 * page keeps it in sessionStorage for that room (signaling/access.js), takes it out of the
 * address bar, and fills room, role and name from its claims where the query does not say.
 *
 * Query parameters: room, name, role ("presenter" | "viewer"), auto=1 to join at once,
 * camera=0 / mic=0 for a presenter without that device, videoSlots=N (0 to 8, default 2)
 * for a viewer's first offer: with fewer video slots than the presenter sends tracks the
 * server asks for more and the page renegotiates (extra tiles "video 3", ... appear for
 * slots beyond camera and screen).
 *
 * Test hooks (automated browser tests): window.fm = {
 *   state()       -> plain object: joined, roomId, participantId, name, role, signaling
 *                    stream statuses, participants, joinError, and MeetingSession.snapshot()
 *                    (offerRev, answerRev, serverState, serverError, signalingState,
 *                    iceConnectionState, connectionState, sharingScreen, ...)
 *   stats()       -> Promise of rtc/stats.js collectStats() for the current connection
 *   shareScreen(), stopScreen(), leave() -> Promise
 * }
 *
 * Signaling goes only through signaling/signaling.js; WebRTC only through rtc/session.js; the
 * video tiles and audio elements are ui/tiles.js.
 */
import { openSignaling, isValidId, newParticipantId } from './signaling/signaling.js';
import { Credentials, preferredRole, readClaims, tokenFromUrl, withoutToken } from './signaling/access.js';
import { MeetingSession, DEFAULT_VIDEO_SLOTS, MAX_SLOTS } from './rtc/session.js';
import { collectStats } from './rtc/stats.js';
import { $, showText as showTextIn, setState as setStateIn, leaveOnPageHide } from './ui/dom.js';
import { renderParticipants as renderParticipantList } from './ui/participants.js';
import { StatsPanel } from './ui/stats-panel.js';
import { Tiles } from './ui/tiles.js';

const NAME_KEY = 'familymeeting.name';
const credentials = new Credentials();

const page = {
  signaling: null,
  channel: null,
  session: null,
  identity: null,        // {roomId, participantId, name, role, camera, mic, videoSlots}
  streams: {},           // stream name -> {status, detail}
  roomInfo: null,        // last {room, participants}
  joinError: null,
  leftByUser: false,
  statsPanel: null,
  tiles: null,
  renderQueued: false
};

window.fm = {
  state() {
    const id = page.identity || {};
    const snapshot = page.session ? page.session.snapshot() : {};
    return Object.assign({
      joined: Boolean(page.session && !page.session.ended),
      roomId: id.roomId || null,
      participantId: id.participantId || null,
      name: id.name || null,
      role: id.role || null,
      signaling: JSON.parse(JSON.stringify(page.streams)),
      participants: page.roomInfo ? page.roomInfo.participants || [] : [],
      joinError: page.joinError
    }, snapshot);
  },
  stats: () => collectStats(page.session ? page.session.pc : null),
  shareScreen: () => shareScreen(),
  stopScreen: () => (page.session ? page.session.stopScreen() : Promise.resolve()),
  leave: () => leave()
};

function readParams() {
  const q = new URLSearchParams(location.search);
  const invitation = readInvitation((q.get('room') || '').trim());
  const role = q.get('role') || (invitation ? preferredRole(invitation) : 'viewer');
  return {
    roomId: (q.get('room') || (invitation && invitation.room) || '').trim(),
    name: (q.get('name') || (invitation && invitation.name) || localStorage.getItem(NAME_KEY) || '').trim(),
    role: role === 'presenter' ? 'presenter' : 'viewer',
    camera: q.get('camera') !== '0',
    mic: q.get('mic') !== '0',
    videoSlots: q.has('videoSlots') ? Number(q.get('videoSlots')) : DEFAULT_VIDEO_SLOTS,
    auto: q.get('auto') === '1'
  };
}

/**
 * The claims of the link's join token, kept for its room (the token leaves the address
 * bar), or of the token this tab keeps for the room of the query.
 */
function readInvitation(roomId) {
  const token = tokenFromUrl(location.href);
  if (token) {
    history.replaceState(null, '', withoutToken(location.href));
    return credentials.setToken(token);
  }
  return roomId ? readClaims(credentials.token(roomId)) : null;
}

function validate({ roomId, name, role, videoSlots }) {
  if (!isValidId(roomId)) {
    return 'Room ids use letters, digits, "-" and "_" (at most 64), starting with a letter or digit.';
  }
  if (!name) {
    return 'Please enter your name.';
  }
  if (name.length > 60) {
    return 'Names are at most 60 characters.';
  }
  if (role !== 'presenter' && role !== 'viewer') {
    return 'Role must be presenter or viewer.';
  }
  if (!Number.isInteger(videoSlots) || videoSlots < 0 || videoSlots > MAX_SLOTS) {
    return 'videoSlots must be a whole number from 0 to ' + MAX_SLOTS + '.';
  }
  return null;
}

// ---------------------------------------------------------------- joining and leaving

function showJoinForm(params, error) {
  $('join-panel').hidden = false;
  $('room').hidden = true;
  $('ended').hidden = true;
  $('leave').hidden = true;
  $('join-room').value = params.roomId;
  $('join-name').value = params.name;
  document.querySelector('#join-form input[name=role][value=' + params.role + ']').checked = true;
  $('join-camera').checked = params.camera;
  $('join-mic').checked = params.mic;
  showText('join-error', error);
}

function joinFromForm(event) {
  event.preventDefault();
  const params = {
    roomId: $('join-room').value.trim(),
    name: $('join-name').value.trim(),
    role: document.querySelector('#join-form input[name=role]:checked').value,
    camera: $('join-camera').checked,
    mic: $('join-mic').checked
  };
  const error = validate(params);
  if (error) {
    showText('join-error', error);
    return;
  }
  const q = new URLSearchParams({ room: params.roomId, name: params.name, role: params.role });
  history.replaceState(null, '', 'room.html?' + q.toString());
  join(params);
}

async function join(params) {
  localStorage.setItem(NAME_KEY, params.name);
  page.identity = Object.assign({}, params, { participantId: newParticipantId() });
  page.joinError = null;
  page.leftByUser = false;
  page.streams = {};
  page.roomInfo = null;
  page.tiles.reset();
  $('join-panel').hidden = true;
  $('ended').hidden = true;
  $('room').hidden = false;
  $('leave').hidden = false;
  $('presenter-controls').hidden = params.role !== 'presenter';
  $('me').textContent = params.name + ' · ' + params.role;
  setTitle(params.roomId);
  render();
  try {
    if (!page.signaling) {
      page.signaling = await openSignaling({ credentials });
    }
    let room = await page.signaling.getRoom(params.roomId);
    if (!room) {
      room = await createRoomIfAllowed(params.roomId);
    }
    setTitle((room && room.title) || params.roomId);
    const channel = await page.signaling.join({
      roomId: params.roomId,
      participantId: page.identity.participantId,
      name: params.name,
      role: params.role
    });
    page.channel = channel;
    channel.onStatus((s) => {
      page.streams[s.stream] = { status: s.status, detail: s.detail || null };
      scheduleRender();
    });
    channel.onRoom((info) => {
      page.roomInfo = info;
      if (info.room && info.room.title) {
        setTitle(info.room.title);
      }
      scheduleRender();
    });
    const session = new MeetingSession({
      channel,
      role: params.role,
      onChange: scheduleRender,
      onTrack: (slot, track, local) => page.tiles.show(slot, track, local),
      videoSlots: params.videoSlots,
      iceServers: Array.isArray(page.signaling.config.iceServers) ? page.signaling.config.iceServers : []
    });
    page.session = session;
    await session.start({ camera: params.camera, mic: params.mic });
    startStats();
  } catch (e) {
    page.joinError = 'Could not join: ' + (e.message || e);
    console.error(e);
  }
  render();
}

/**
 * Creates the room; when this page may not (someone else created it meanwhile, or a
 * viewer's invitation), joining creates it plainly or the join says why not.
 */
async function createRoomIfAllowed(roomId) {
  try {
    return await page.signaling.createRoom(roomId, { title: roomId });
  } catch (e) {
    if (e.status === 401 || e.status === 403) {
      return null;
    }
    throw e;
  }
}

async function leave() {
  page.leftByUser = true;
  stopStats();
  const { session, channel } = page;
  if (session) {
    session.close();
  }
  page.session = null;
  page.channel = null;
  try {
    if (channel) {
      await channel.leave();
    }
  } catch (e) {
    console.warn('leave failed', e);
  }
  showEnded('You left the room.');
}

async function reconnect() {
  const identity = page.identity;
  const { session, channel } = page;
  page.session = null;
  page.channel = null;
  stopStats();
  if (session) {
    session.close();
  }
  if (channel) {
    channel.leave().catch((e) => console.warn('leave before reconnect failed', e));
  }
  await join(identity);
}

function showEnded(text) {
  page.tiles.reset();
  $('room').hidden = true;
  $('leave').hidden = true;
  $('ended').hidden = false;
  $('ended-text').textContent = text;
  render();
}

async function shareScreen() {
  const session = page.session;
  if (!session) {
    throw new Error('not joined');
  }
  try {
    await session.shareScreen();
    showText('media-warning', null);
  } catch (e) {
    const text = e && e.name === 'NotAllowedError'
      ? 'Screen sharing was cancelled or not allowed.'
      : 'Screen sharing failed: ' + (e.message || e);
    showText('media-warning', text);
    throw e;
  } finally {
    render();
  }
}

// ---------------------------------------------------------------- media tiles

function presenterName() {
  const people = page.roomInfo ? page.roomInfo.participants || [] : [];
  const presenter = people.find((p) => p.role === 'presenter' && p.state !== 'left');
  return presenter ? presenter.name : null;
}

function renderTiles() {
  if (!page.identity) {
    return;
  }
  page.tiles.render({
    presenting: page.identity.role === 'presenter',
    local: page.session ? page.session.local : null,
    presenterName: presenterName()
  });
}

// ---------------------------------------------------------------- rendering

function scheduleRender() {
  if (!page.renderQueued) {
    page.renderQueued = true;
    requestAnimationFrame(() => {
      page.renderQueued = false;
      render();
    });
  }
}

function setTitle(title) {
  $('room-title').textContent = title;
  document.title = title + ' — family-meeting';
}

function showText(id, text) {
  showTextIn($(id), text);
}

function setState(id, text, toneOf) {
  setStateIn($(id), text, toneOf === undefined ? text : toneOf);
}

function render() {
  const s = window.fm.state();
  const streams = Object.entries(s.signaling)
    .map(([name, v]) => name + ' ' + v.status + (v.detail ? ' (' + v.detail + ')' : ''));
  const streamStatuses = Object.values(s.signaling).map((v) => v.status);
  const streamTone = streamStatuses.length === 0 ? 'connecting'
    : streamStatuses.every((x) => x === 'open') ? 'open'
      : streamStatuses.includes('reconnecting') ? 'reconnecting' : 'connecting';
  setState('st-signaling', streams.join(', ') || (s.joinError ? 'not connected' : 'connecting'), streamTone);
  setState('st-server', s.serverState ? s.serverState + (s.renegotiate ? ' (asks for a new offer)' : '') : null,
    s.serverState);
  setState('st-phase', s.phase || null, /^answered/.test(s.phase || '') ? 'stable' : 'wait');
  $('st-revs').textContent = s.offerRev || s.pendingRev
    ? 'offer ' + (s.pendingRev || s.offerRev) + ' / answer ' + (s.answerRev || '–') : '–';
  setState('st-sdp', s.signalingState || null);
  setState('st-ice', s.iceConnectionState ? s.iceConnectionState + ' (gathering ' + s.iceGatheringState + ')' : null,
    s.iceConnectionState);
  setState('st-connection', s.connectionState || null);

  const serverProblem = s.serverState === 'error' || s.serverState === 'failed'
    ? 'The media server reports ' + s.serverState + (s.serverError ? ': ' + s.serverError : '.') : null;
  const mediaProblem = s.connectionState === 'failed'
    ? 'The media connection failed (no route to the media server, or it stopped answering).' : null;
  const error = s.joinError || s.error || serverProblem || mediaProblem
    || (s.serverError && s.serverState !== 'connected' ? s.serverError : null);
  showText('error', error);
  $('reconnect-actions').hidden = !(error && page.identity && !page.leftByUser);
  showText('media-warning', s.mediaWarning || ($('media-warning').hidden ? null : $('media-warning').textContent));

  if (page.session && page.session.ended && !page.leftByUser && s.ended !== 'closed') {
    const reason = page.session.ended;
    page.leftByUser = true;
    stopStats();
    showEnded('The session ended: ' + reason + '.');
    return;
  }

  renderControls(s);
  renderTiles();
  renderParticipants();
}

function renderControls(s) {
  if (!page.identity || page.identity.role !== 'presenter' || !page.session) {
    return;
  }
  const session = page.session;
  const mic = $('toggle-mic');
  mic.disabled = !session.local.audio;
  mic.textContent = s.micEnabled ? 'Mute microphone' : 'Unmute microphone';
  mic.classList.toggle('off', Boolean(session.local.audio) && !s.micEnabled);
  mic.setAttribute('aria-pressed', String(s.micEnabled));
  const camera = $('toggle-camera');
  camera.disabled = !session.local.camera;
  camera.textContent = s.cameraEnabled ? 'Turn camera off' : 'Turn camera on';
  camera.classList.toggle('off', Boolean(session.local.camera) && !s.cameraEnabled);
  camera.setAttribute('aria-pressed', String(s.cameraEnabled));
  const screen = $('toggle-screen');
  screen.disabled = !navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia || Boolean(session.ended);
  screen.textContent = s.sharingScreen ? 'Stop sharing' : 'Share screen';
  screen.classList.toggle('active', s.sharingScreen);
  screen.setAttribute('aria-pressed', String(s.sharingScreen));
}

function renderParticipants() {
  renderParticipantList($('participants'), $('people-count'),
    page.roomInfo ? page.roomInfo.participants || [] : null,
    page.identity ? page.identity.participantId : null);
}

// ---------------------------------------------------------------- statistics

function startStats() {
  page.statsPanel.start(page.session.pc, page.identity.role);
}

function stopStats() {
  page.statsPanel.stop();
}

// ---------------------------------------------------------------- wiring

function init() {
  page.statsPanel = new StatsPanel($('stats'));
  page.tiles = new Tiles({
    container: document.querySelector('.tiles'),
    audio: $('remote-audio'),
    soundPrompt: $('sound-prompt'),
    onChange: scheduleRender
  });
  $('join-form').addEventListener('submit', joinFromForm);
  $('leave').addEventListener('click', () => leave());
  $('rejoin').addEventListener('click', () => join(page.identity || readParams()));
  $('reconnect').addEventListener('click', () => reconnect());
  $('enable-sound').addEventListener('click', () => page.tiles.enableSound());
  $('toggle-mic').addEventListener('click', () => {
    if (page.session) {
      page.session.setEnabled('audio', !page.session.isEnabled('audio'));
    }
  });
  $('toggle-camera').addEventListener('click', () => {
    if (page.session) {
      page.session.setEnabled('camera', !page.session.isEnabled('camera'));
    }
  });
  $('toggle-screen').addEventListener('click', () => {
    if (!page.session) {
      return;
    }
    const action = page.session.local.screen ? page.session.stopScreen() : shareScreen();
    action.catch((e) => console.warn(e));
  });
  leaveOnPageHide(page);

  const params = readParams();
  const error = validate(params);
  if (params.auto && !error) {
    join(params);
  } else {
    // A link without a name asks for it, without calling that an error.
    showJoinForm(params, params.auto && params.name ? error : null);
  }
}

init();
