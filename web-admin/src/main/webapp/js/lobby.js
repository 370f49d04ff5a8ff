/**
 * The lobby (index.html): pick a name, a room and a role, or create a room; then go to
 * room.html?room=..&name=..&role=..&auto=1. It only reads and creates rooms through the
 * signaling interface; it never joins a room itself. On a server in token mode (GET /config
 * access: "token") it lists nothing and asks for the invitation link instead; a link to the
 * lobby that carries an invitation (#token=...) goes on to that room's page.
 */
import { openSignaling, isValidId } from './signaling/signaling.js';
import { Credentials, preferredRole, tokenFromUrl } from './signaling/access.js';

const NAME_KEY = 'familymeeting.name';
const $ = (id) => document.getElementById(id);

let signaling = null;
const credentials = new Credentials();

function showError(id, message) {
  const el = $(id);
  el.textContent = message || '';
  el.hidden = !message;
}

function roomUrl({ room, name, role, camera = true, mic = true }) {
  const params = new URLSearchParams({ room, name, role, auto: '1' });
  if (role === 'presenter') {
    if (!camera) {
      params.set('camera', '0');
    }
    if (!mic) {
      params.set('mic', '0');
    }
  }
  return 'room.html?' + params.toString();
}

/** "Sunday lunch!" -> "sunday-lunch" */
export function slug(title) {
  return title.toLowerCase()
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

function currentName() {
  const name = $('name').value.trim();
  if (!name) {
    $('name').focus();
    throw new Error('Please enter your name first.');
  }
  localStorage.setItem(NAME_KEY, name);
  return name;
}

function selectedRole() {
  return document.querySelector('input[name=role]:checked').value;
}

function go(room, role) {
  const form = $('join-form');
  window.location.href = roomUrl({
    room,
    name: currentName(),
    role,
    camera: form.elements.camera.checked,
    mic: form.elements.mic.checked
  });
}

async function ensureSignaling() {
  if (!signaling) {
    signaling = await openSignaling({ credentials });
    $('backend').textContent = 'signaling: ' + signaling.backend;
    $('broadcast-panel').hidden = signaling.backend !== 'firestore';
  }
  return signaling;
}

async function loadRooms() {
  const list = $('rooms');
  showError('rooms-error', '');
  $('rooms-empty').textContent = 'Loading…';
  $('rooms-empty').hidden = false;
  try {
    const rooms = await (await ensureSignaling()).listRooms();
    list.replaceChildren();
    for (const room of rooms || []) {
      list.appendChild(roomItem(room));
    }
    $('rooms-empty').textContent = 'No rooms yet. Create one.';
    $('rooms-empty').hidden = list.children.length > 0;
  } catch (e) {
    $('rooms-empty').hidden = true;
    showError('rooms-error', e.message);
  }
}

function roomItem(room) {
  const id = room.id || room.roomId;
  const li = document.createElement('li');
  const text = document.createElement('div');
  const title = document.createElement('div');
  title.className = 'title';
  title.textContent = room.title || id;
  const sub = document.createElement('div');
  sub.className = 'sub';
  const details = [id];
  if (room.state) {
    details.push(room.state);
  }
  if (typeof room.participants === 'number') {
    details.push(room.participants + ' participant' + (room.participants === 1 ? '' : 's'));
  } else if (Array.isArray(room.participants)) {
    details.push(room.participants.length + ' participant' + (room.participants.length === 1 ? '' : 's'));
  }
  sub.textContent = details.join(' · ');
  text.append(title, sub);

  const actions = document.createElement('div');
  actions.className = 'actions';
  actions.style.marginTop = '0';
  const watch = document.createElement('button');
  watch.type = 'button';
  watch.textContent = 'Watch';
  watch.addEventListener('click', () => joinListed(id, 'viewer'));
  const present = document.createElement('button');
  present.type = 'button';
  present.textContent = 'Present';
  present.addEventListener('click', () => joinListed(id, 'presenter'));
  actions.append(watch, present);
  li.append(text, actions);
  return li;
}

function joinListed(roomId, role) {
  try {
    go(roomId, role);
  } catch (e) {
    showError('join-error', e.message);
  }
}

function onJoin(event) {
  event.preventDefault();
  showError('join-error', '');
  try {
    const room = $('room').value.trim();
    if (!isValidId(room)) {
      $('room').focus();
      throw new Error('Room ids use letters, digits, "-" and "_" (at most 64), starting with a letter or digit.');
    }
    go(room, selectedRole());
  } catch (e) {
    showError('join-error', e.message);
  }
}

async function onCreate(event) {
  event.preventDefault();
  showError('create-error', '');
  const title = $('title').value.trim();
  const room = $('new-room').value.trim() || slug(title);
  try {
    if (!title) {
      $('title').focus();
      throw new Error('Please give the room a title.');
    }
    if (!isValidId(room)) {
      $('new-room').focus();
      throw new Error('Room ids use letters, digits, "-" and "_" (at most 64), starting with a letter or digit.');
    }
    const name = currentName();
    await (await ensureSignaling()).createRoom(room, { title });
    window.location.href = roomUrl({ room, name, role: 'presenter' });
  } catch (e) {
    showError('create-error', e.message);
  }
}

/** An invitation opened on the lobby: its room page, which takes the token from there. */
function followInvitation() {
  const token = tokenFromUrl(location.href);
  const claims = token ? credentials.setToken(token) : null;
  if (!claims || !isValidId(claims.room)) {
    return false;
  }
  const params = new URLSearchParams({ room: claims.room, role: preferredRole(claims), auto: '1' });
  window.location.replace('room.html?' + params.toString());
  return true;
}

/** Token mode: nothing to list or create here without an invitation. */
function showInvitedOnly() {
  $('invited-only').hidden = false;
  $('join-panel').hidden = true;
  $('rooms-column').hidden = true;
}

async function start() {
  try {
    const s = await ensureSignaling();
    if (s.config.access === 'token') {
      showInvitedOnly();
      return;
    }
  } catch (e) {
    // loadRooms shows why the server cannot be reached
  }
  loadRooms();
}

function init() {
  if (followInvitation()) {
    return;
  }
  $('name').value = localStorage.getItem(NAME_KEY) || '';
  const params = new URLSearchParams(location.search);
  if (params.get('room')) {
    $('room').value = params.get('room');
  }
  const presenterOptions = () => {
    $('presenter-options').hidden = selectedRole() !== 'presenter';
  };
  document.querySelectorAll('input[name=role]').forEach((r) => r.addEventListener('change', presenterOptions));
  presenterOptions();

  let idEdited = false;
  $('new-room').addEventListener('input', () => { idEdited = true; });
  $('title').addEventListener('input', () => {
    if (!idEdited) {
      $('new-room').value = slug($('title').value);
    }
  });
  $('join-form').addEventListener('submit', onJoin);
  $('create-form').addEventListener('submit', onCreate);
  $('refresh').addEventListener('click', loadRooms);
  start();
}

init();
