/*
 * family-meeting admin console: polls /api/admin/status every 2 s, updates the instance
 * fields, draws the rooms with their participants and cameras (the one place the room list
 * is drawn: admin/rooms.xhtml only holds its box), and draws the server's bitrate history
 * (the last 5 minutes the console was open) as inline SVG polylines; sends the actions
 * (drain, close room, remove participant, add / remove camera, invite) as JSON POSTs. The
 * Invite panel (rooms.xhtml) shows the room page link of a new join token, ready to copy.
 * An ES module; bitrates are formatted like the meeting pages' (js/ui/format.js).
 */
import { formatBitrate } from '../js/ui/format.js';

const main = document.querySelector('main.console');
const api = main.dataset.api;
const PERIOD_MS = 2000;
const KEEP_MS = 5 * 60 * 1000;
let history = new Map(); // key -> [{t, in, out}], from the server's status.history
let last = null;

function esc(v) {
  return String(v == null ? '' : v).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function duration(s) {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + sec + 's';
}

/** Draws the key's history into an <svg viewBox="0 0 W H"> as two polylines (in, out). */
function draw(svg, key, now) {
  const h = history.get(key) || [];
  const vb = svg.viewBox.baseVal;
  const w = vb && vb.width ? vb.width : 160, ht = vb && vb.height ? vb.height : 36;
  const max = Math.max(1, ...h.map(p => Math.max(p.in, p.out)));
  // The window grows with the history, from 30 s to 5 minutes.
  const span = Math.min(KEEP_MS, Math.max(30000, h.length ? now - h[0].t : 0));
  const x = t => (w * (1 - (now - t) / span)).toFixed(1);
  const y = v => (ht - 2 - (ht - 4) * v / max).toFixed(1);
  const line = f => h.map(p => x(p.t) + ',' + y(p[f])).join(' ');
  svg.innerHTML = '<polyline class="in" points="' + line('in') + '"/><polyline class="out" points="' + line('out') + '"/>'
      + '<title>last ' + Math.round(span / 1000) + ' s, max ' + formatBitrate(max) + '</title>';
}

function setFields(instance) {
  document.querySelectorAll('[data-f]').forEach(el => {
    const v = instance[el.dataset.f];
    if (v === undefined) {
      return;
    }
    el.textContent = typeof v === 'boolean' ? (v ? el.dataset.yes : el.dataset.no) : Array.isArray(v) ? '[' + v.join(', ') + ']' : v;
    if (typeof v === 'boolean') {
      el.className = v ? 'state-ok' : 'state-bad';
    }
  });
  const meter = document.getElementById('load-meter');
  if (meter) {
    meter.style.width = Math.min(100, instance.capacity ? 100 * instance.rooms / instance.capacity : 0) + '%';
  }
}

function participantRow(room, p) {
  return '<tr class="participant" data-participant-id="' + esc(p.id) + '">'
      + '<td>' + esc(p.name) + '<br><span class="muted">' + esc(p.id) + '</span></td>'
      + '<td class="role">' + esc(p.role) + '</td>'
      + '<td>' + esc(p.iceState) + '</td><td>' + esc(p.dtlsState) + '</td>'
      + '<td class="muted">' + esc(p.selectedPair).replace(' -&gt; ', '<br>→ ') + '</td>'
      + '<td class="num bitrate-in">' + formatBitrate(p.bitrateInBps) + '</td>'
      + '<td class="num bitrate-out">' + formatBitrate(p.bitrateOutBps) + '</td>'
      + '<td class="num estimate">' + (p.estimateBps < 0 ? '–' : formatBitrate(p.estimateBps)) + '</td>'
      + '<td class="layers">' + (p.layers ? esc(p.layers) : '–') + '</td>'
      + '<td class="num">' + p.packetsLost + '</td>'
      + '<td class="num">' + p.jitterMs.toFixed(1) + ' ms</td>'
      + '<td class="num">' + (p.rttMs < 0 ? '–' : p.rttMs.toFixed(0) + ' ms') + '</td>'
      + '<td class="num">' + p.nacks + ' / ' + p.plis + '</td>'
      + '<td class="num dropped" title="' + esc(p.dropSummary) + '">' + p.dropped + '</td>'
      + '<td class="num">' + duration(p.uptimeSeconds) + '</td>'
      + '<td><svg class="chart" viewBox="0 0 160 36" preserveAspectRatio="none" data-key="p:' + esc(room.id + '/' + p.id) + '"></svg></td>'
      + '<td><button type="button" class="small danger" data-action="remove" data-room="' + esc(room.id)
      + '" data-participant="' + esc(p.id) + '">Remove</button></td></tr>';
}

function cameraRow(room, c) {
  return '<tr class="camera" data-camera-id="' + esc(c.id) + '" data-state="' + esc(c.state) + '">'
      + '<td>' + esc(c.id) + '<br><span class="muted">' + esc(c.url) + '</span></td>'
      + '<td class="camera-state ' + (c.state === 'playing' ? 'state-ok' : c.error ? 'state-bad' : '') + '">' + esc(c.state)
      + '<br><span class="muted">' + duration(c.stateSeconds) + '</span></td>'
      + '<td>' + esc([c.videoCodec, c.audioCodec].filter(Boolean).join(' + ')) + '</td>'
      + '<td class="num camera-fps">' + c.fps.toFixed(1) + '</td>'
      + '<td class="num camera-bitrate">' + formatBitrate(c.bitrateBps) + '</td>'
      + '<td class="num">' + c.viewers + '</td>'
      + '<td class="camera-error state-bad">' + esc(c.error) + '</td>'
      + '<td><button type="button" class="small danger" data-action="remove-camera" data-room="' + esc(room.id)
      + '" data-camera="' + esc(c.id) + '">Remove</button></td></tr>';
}

function camerasTable(room) {
  if (!room.cameras || !room.cameras.length) {
    return '';
  }
  return '<table class="stats cameras"><thead><tr><th>Camera</th><th>State</th><th>Codecs</th><th>fps</th><th>Bitrate</th>'
      + '<th>Viewers</th><th>Error</th><th></th></tr></thead><tbody>'
      + room.cameras.map(c => cameraRow(room, c)).join('') + '</tbody></table>';
}

function renderRooms(status) {
  const box = document.getElementById('rooms-live');
  if (!box) {
    return;
  }
  const only = document.getElementById('rooms').dataset.room;
  const rooms = status.rooms.filter(r => !only || r.id === only);
  if (!rooms.length) {
    box.innerHTML = '<p id="no-rooms">' + (only ? 'Room ' + esc(only) + ' is not served here.' : 'No rooms.') + '</p>';
    return;
  }
  box.innerHTML = rooms.map(room => '<div class="console-room" data-room-id="' + esc(room.id) + '">'
      + '<div class="room-head"><h3 class="room-id"><a href="rooms.xhtml?room=' + encodeURIComponent(room.id) + '">' + esc(room.id) + '</a></h3>'
      + '<span>' + room.participants.length + ' participant(s) · ' + (room.cameras || []).length + ' camera(s) · in ' + formatBitrate(room.bitrateInBps) + ' · out ' + formatBitrate(room.bitrateOutBps) + '</span>'
      + '<svg class="chart" viewBox="0 0 160 36" preserveAspectRatio="none" data-key="r:' + esc(room.id) + '"></svg>'
      + '<a class="button small" href="rooms.xhtml?room=' + encodeURIComponent(room.id) + '#invite">Invite</a>'
      + '<button type="button" class="small danger" data-action="close" data-room="' + esc(room.id) + '">Close room</button></div>'
      + (!room.participants.length && (room.cameras || []).length ? '' : participantsTable(room))
      + camerasTable(room) + '</div>').join('');
}

function participantsTable(room) {
  return '<table class="stats"><thead><tr><th>Participant</th><th>Role</th><th>ICE</th><th>DTLS</th><th>Selected pair</th>'
      + '<th>In</th><th>Out</th><th title="bandwidth towards the participant the SFU estimates from its transport-cc feedback">Estimate</th><th title="simulcast: the layers a presenter sends, the layer a viewer gets">Layer</th><th>Lost</th><th>Jitter</th><th>RTT</th><th>NACK / PLI</th><th title="datagrams refused: forged, replayed, malformed">Dropped</th><th>Uptime</th><th>Bitrate</th><th></th></tr></thead><tbody>'
      + room.participants.map(p => participantRow(room, p)).join('') + '</tbody></table>';
}

function update(status) {
  const t = status.at;
  history = new Map(Object.entries(status.history || {}).map(([k, v]) => [k, v.map(s => ({t: s[0], in: s[1], out: s[2]}))]));
  setFields(status.instance);
  renderRooms(status);
  document.querySelectorAll('svg[data-key]').forEach(svg => draw(svg, svg.dataset.key, t));
  const total = document.getElementById('total-chart');
  if (total) {
    draw(total, 'total', t);
  }
  document.getElementById('refreshed').textContent = 'live · ' + new Date(t).toLocaleTimeString();
}

async function poll() {
  try {
    const r = await fetch(api + '/status', {headers: {'Accept': 'application/json'}, cache: 'no-store'});
    if (r.status === 401) {
      location.href = 'login';
      return;
    }
    if (r.ok) {
      last = await r.json();
      update(last);
    }
  } catch (e) {
    document.getElementById('refreshed').textContent = 'offline';
  } finally {
    setTimeout(poll, PERIOD_MS);
  }
}

/** POSTs JSON; answers {ok, body} with the parsed answer, or {ok: false, error}. */
async function post(path, body) {
  const r = await fetch(api + path, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body || {})});
  let answer = null;
  try {
    answer = await r.json();
  } catch (e) {
    // no JSON body
  }
  if (!r.ok) {
    const why = (answer && answer.error) || '';
    if (!body) {
      alert('failed: ' + r.status + (why ? ': ' + why : ''));
    }
    return {ok: false, error: why || String(r.status)};
  }
  return {ok: true, body: answer};
}

async function invite() {
  const value = id => document.getElementById(id).value.trim();
  const room = value('invite-room');
  const error = document.getElementById('invite-error');
  const result = document.getElementById('invite-result');
  error.textContent = '';
  result.hidden = true;
  if (!room) {
    error.textContent = 'Give the room id first.';
    return;
  }
  const body = {role: value('invite-role'), ttlSeconds: Number(value('invite-ttl'))};
  if (value('invite-name')) {
    body.name = value('invite-name');
  }
  const r = await post('/rooms/' + encodeURIComponent(room) + '/tokens', body);
  if (!r.ok) {
    error.textContent = 'refused: ' + r.error;
    return;
  }
  document.getElementById('invite-link').value = new URL(r.body.path, location.origin).href;
  document.getElementById('invite-expires').textContent = r.body.role + ' · ' + r.body.identity
      + ' · valid until ' + new Date(r.body.expiresAt).toLocaleString();
  document.getElementById('invite-copy').textContent = 'Copy';
  result.hidden = false;
}

async function copyInvite() {
  const input = document.getElementById('invite-link');
  const button = document.getElementById('invite-copy');
  try {
    await navigator.clipboard.writeText(input.value);
    button.textContent = 'Copied';
  } catch (e) {
    // no clipboard access (a page not served over https): leave the link selected to copy by hand
    input.focus();
    input.select();
    button.textContent = 'Selected: press Ctrl+C';
  }
}

async function addCamera() {
  const form = document.getElementById('camera-form');
  const value = id => document.getElementById(id).value.trim();
  const body = {url: value('camera-url'), transport: value('camera-transport'), mode: value('camera-mode')};
  if (value('camera-user')) {
    body.user = value('camera-user');
    body.password = document.getElementById('camera-password').value;
  }
  const result = document.getElementById('camera-result');
  result.textContent = 'adding…';
  const r = await post('/rooms/' + encodeURIComponent(form.dataset.room) + '/cameras/' + encodeURIComponent(value('camera-id')), body);
  result.textContent = r.ok ? 'added ' + value('camera-id') : 'refused: ' + r.error;
  result.className = r.ok ? 'muted' : 'state-bad';
}

document.addEventListener('click', e => {
  const b = e.target.closest('button[data-action]');
  if (!b) {
    return;
  }
  const a = b.dataset.action;
  if (a === 'drain') {
    post('/drain');
  } else if (a === 'close') {
    post('/rooms/' + encodeURIComponent(b.dataset.room) + '/close');
  } else if (a === 'add-camera') {
    addCamera();
  } else if (a === 'invite') {
    invite();
  } else if (a === 'copy-invite') {
    copyInvite();
  } else if (a === 'remove-camera') {
    post('/rooms/' + encodeURIComponent(b.dataset.room) + '/cameras/' + encodeURIComponent(b.dataset.camera) + '/remove');
  } else if (a === 'remove') {
    post('/rooms/' + encodeURIComponent(b.dataset.room) + '/participants/' + encodeURIComponent(b.dataset.participant) + '/remove');
  }
});

window.fmConsole = {last: () => last};
poll();
