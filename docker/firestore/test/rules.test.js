// Allowed and denied cases of docker/firestore/firestore.rules, evaluated by the rules
// engine of Google's Firestore emulator (started by this test on 127.0.0.1).
//   node --test test/rules.test.js
//
// Users: alice and bob are plain signed-in users (anonymous sign-in in open mode); invited()
// makes a user signed in with the claims of the server's token exchange (room, roles,
// inviteExp, displayName: POST /meeting/api/auth/firebase-token); admin() has the admin claim.
// The server's config/access document ({mode, legacyBroadcastRequests}) is written before
// each test (open / open unless a test says otherwise).
'use strict';

const { describe, it, before, after, beforeEach } = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const {
  initializeTestEnvironment, assertSucceeds, assertFails
} = require('@firebase/rules-unit-testing');
const {
  doc, getDoc, setDoc, updateDoc, deleteDoc, collection, addDoc, getDocs, query, where, serverTimestamp, setLogLevel
} = require('firebase/firestore');
const { startEmulator } = require('./emulator');

const RULES = fs.readFileSync(path.join(__dirname, '..', 'firestore.rules'), 'utf8');
const OFFER = Buffer.from(JSON.stringify({ type: 'offer', sdp: 'v=0\r\n' })).toString('base64');
const HOUR = 3600;

let emulator;
let env;

/** A broadcast request as the existing web client writes it (no uid). */
function request(extra = {}) {
  return { requestor: 'Grandma', kind: 'broadcaster', parent: '', offer: OFFER, answer: '', abort: false, ...extra };
}

/** A participant document as the room page writes it (stamped with its uid). */
function participant(uid, extra = {}) {
  return { name: 'Ann', role: 'viewer', offer: { type: 'offer', sdp: 'v=0\r\n', rev: 1 }, uid, ...extra };
}

/** Writes documents as the server (Admin SDK: rules bypassed). */
async function asServer(fn) {
  await env.withSecurityRulesDisabled(async (ctx) => fn(ctx.firestore()));
}

/** The server's access settings (config/access), as it writes them at start. */
function access(mode, legacyBroadcastRequests) {
  return asServer((db) => setDoc(doc(db, 'config/access'), { mode, legacyBroadcastRequests }));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

const alice = () => env.authenticatedContext('alice').firestore();
const bob = () => env.authenticatedContext('bob').firestore();
const anonymous = () => env.unauthenticatedContext().firestore();
const admin = () => env.authenticatedContext('root', { admin: true }).firestore();

/** A user signed in with the custom token of a join token for `room` (claims as the server mints them). */
function invited(uid, room, roles, extra = {}) {
  return env.authenticatedContext(uid, {
    room, roles, identity: uid, inviteExp: nowSeconds() + HOUR, ...extra
  }).firestore();
}

// Denied writes are the point of half of these tests: keep the SDK from logging each one.
setLogLevel('silent');

before(async () => {
  emulator = await startEmulator();
  env = await initializeTestEnvironment({
    projectId: 'demo-family-meeting',
    firestore: { host: emulator.host, port: emulator.port, rules: RULES }
  });
});

after(async () => {
  if (env) await env.cleanup();
  if (emulator) await emulator.stop();
});

beforeEach(async () => {
  await env.clearFirestore();
  await access('open', 'open');
});

describe('config/access', () => {
  it('browsers neither read nor write the server\'s access settings', async () => {
    await assertFails(getDoc(doc(alice(), 'config/access')));
    await assertFails(setDoc(doc(alice(), 'config/access'), { mode: 'open', legacyBroadcastRequests: 'open' }));
    await assertFails(updateDoc(doc(admin(), 'config/access'), { mode: 'open' }));
    await assertFails(setDoc(doc(alice(), 'config/other'), { a: 1 }));
  });

  it('without config/access (no server has started) nothing that depends on it is allowed', async () => {
    await asServer((db) => deleteDoc(doc(db, 'config/access')));
    await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'alice' }));
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b2'), request({ uid: 'alice' })));
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday' }));
    await assertFails(getDoc(doc(alice(), 'rooms/family')));
  });
});

describe('broadcast_requests: create', () => {
  it('a signed-in browser creates a broadcaster request stamped with its uid', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice' })));
  });

  it('an auto-id request (addDoc, as the web client does) is allowed', async () => {
    await assertSucceeds(addDoc(collection(alice(), 'broadcast_requests'), request({ uid: 'alice' })));
  });

  it('the legacy client\'s request (no uid) is allowed while legacyBroadcastRequests is open', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
    await assertSucceeds(addDoc(collection(bob(), 'broadcast_requests'), request()));
  });

  it('the legacy client\'s request (no uid) is refused when legacyBroadcastRequests is off', async () => {
    await access('open', 'off');
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
    await assertFails(addDoc(collection(alice(), 'broadcast_requests'), request()));
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b2'), request({ uid: 'alice' })));
  });

  it('a participant request whose parent is a broadcaster is allowed', async () => {
    await asServer((db) => setDoc(doc(db, 'broadcast_requests/b1'), request({ uid: 'alice' })));
    await assertSucceeds(setDoc(doc(bob(), 'broadcast_requests/p1'),
      request({ requestor: 'Bob', kind: 'participant', parent: 'b1', uid: 'bob' })));
  });

  it('denied without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), 'broadcast_requests/b1'), request()));
  });

  it('denied when stamped with somebody else\'s uid', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'bob' })));
  });

  it('denied with an answer already filled in', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', answer: 'Zm9v' })));
  });

  it('denied when already aborted', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', abort: true })));
  });

  for (const field of ['server', 'state', 'error', 'answeredAt', 'renegotiate']) {
    it(`denied with the server field ${field}`, async () => {
      await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', [field]: 'x' })));
    });
  }

  it('denied with a missing field (no offer)', async () => {
    const r = request({ uid: 'alice' });
    delete r.offer;
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), r));
  });

  it('denied with an empty offer', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', offer: '' })));
  });

  it('denied with an unknown kind', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', kind: 'admin' })));
  });

  it('denied: a broadcaster with a parent', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice', parent: 'x1' })));
  });

  it('denied: a participant whose parent does not exist', async () => {
    await assertFails(setDoc(doc(bob(), 'broadcast_requests/p1'),
      request({ kind: 'participant', parent: 'nope', uid: 'bob' })));
  });

  it('denied: a participant whose parent is itself a participant', async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'broadcast_requests/b1'), request());
      await setDoc(doc(db, 'broadcast_requests/p1'), request({ kind: 'participant', parent: 'b1' }));
    });
    await assertFails(setDoc(doc(bob(), 'broadcast_requests/p2'),
      request({ kind: 'participant', parent: 'p1', uid: 'bob' })));
  });
});

describe('broadcast_requests: read, abort and server fields', () => {
  beforeEach(async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'broadcast_requests/legacy'), request());
      await setDoc(doc(db, 'broadcast_requests/mine'), request({ uid: 'alice' }));
    });
  });

  it('the owner reads its stamped request (and the answer in it)', async () => {
    await asServer((db) => updateDoc(doc(db, 'broadcast_requests/mine'), { answer: 'YW5zd2Vy', state: 'answered' }));
    const snap = await assertSucceeds(getDoc(doc(alice(), 'broadcast_requests/mine')));
    if (snap.data().answer !== 'YW5zd2Vy') throw new Error('answer not read back');
  });

  it('a removed request reads as missing (its owner\'s listener sees it gone)', async () => {
    await asServer((db) => deleteDoc(doc(db, 'broadcast_requests/mine')));
    await assertSucceeds(getDoc(doc(alice(), 'broadcast_requests/mine')));
  });

  it('another user cannot read a stamped request', async () => {
    await assertFails(getDoc(doc(bob(), 'broadcast_requests/mine')));
  });

  it('an unstamped (legacy client) request is read by id while legacyBroadcastRequests is open', async () => {
    await assertSucceeds(getDoc(doc(bob(), 'broadcast_requests/legacy')));
    await access('open', 'off');
    await assertFails(getDoc(doc(bob(), 'broadcast_requests/legacy')));
  });

  it('nobody reads without sign-in', async () => {
    await assertFails(getDoc(doc(anonymous(), 'broadcast_requests/legacy')));
    await assertFails(getDoc(doc(anonymous(), 'broadcast_requests/mine')));
  });

  it('listing is limited to a query on one\'s own uid', async () => {
    await assertSucceeds(getDocs(query(collection(alice(), 'broadcast_requests'), where('uid', '==', 'alice'))));
    await assertFails(getDocs(collection(alice(), 'broadcast_requests')));
    await assertFails(getDocs(query(collection(bob(), 'broadcast_requests'), where('uid', '==', 'alice'))));
  });

  it('the owner sets abort: true', async () => {
    await assertSucceeds(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: true }));
  });

  it('another user cannot abort a stamped broadcast', async () => {
    await assertFails(updateDoc(doc(bob(), 'broadcast_requests/mine'), { abort: true }));
  });

  it('an unstamped (legacy) request is aborted by id only while legacyBroadcastRequests is open', async () => {
    await access('open', 'off');
    await assertFails(updateDoc(doc(bob(), 'broadcast_requests/legacy'), { abort: true }));
    await access('open', 'open');
    await assertSucceeds(updateDoc(doc(bob(), 'broadcast_requests/legacy'), { abort: true }));
  });

  it('abort cannot be set back to false', async () => {
    await asServer((db) => updateDoc(doc(db, 'broadcast_requests/mine'), { abort: true }));
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: false }));
  });

  it('a client cannot write the answer', async () => {
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { answer: 'Zm9v' }));
    await assertFails(updateDoc(doc(bob(), 'broadcast_requests/legacy'), { answer: 'Zm9v' }));
  });

  for (const field of ['server', 'state', 'error', 'answeredAt']) {
    it(`a client cannot write the server field ${field}`, async () => {
      await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { [field]: 'x' }));
    });
  }

  it('a client cannot replace its offer, change other fields along with abort or take the request over', async () => {
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: true, offer: OFFER + 'x' }));
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { uid: 'bob' }));
    await assertFails(updateDoc(doc(bob(), 'broadcast_requests/legacy'), { uid: 'bob' }));
  });

  it('a client cannot delete a request', async () => {
    await assertFails(deleteDoc(doc(alice(), 'broadcast_requests/mine')));
  });

  it('the server (Admin SDK) writes the answer and its fields', async () => {
    await asServer((db) => updateDoc(doc(db, 'broadcast_requests/mine'),
      { answer: 'YW5zd2Vy', server: 'fm-1', state: 'answered', answeredAt: serverTimestamp() }));
  });
});

describe('broadcast_requests in token mode', () => {
  beforeEach(async () => {
    await access('token', 'off');
  });

  it('a signed-in user without an invite cannot broadcast or watch', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice' })));
    await asServer((db) => setDoc(doc(db, 'broadcast_requests/b1'), request({ uid: 'carol' })));
    await assertFails(setDoc(doc(bob(), 'broadcast_requests/p1'),
      request({ kind: 'participant', parent: 'b1', uid: 'bob' })));
  });

  it('a presenter invite to room b1 broadcasts as broadcast_requests/b1 only', async () => {
    const carol = invited('carol', 'b1', ['presenter']);
    await assertFails(setDoc(doc(carol, 'broadcast_requests/b2'), request({ uid: 'carol' })));
    await assertSucceeds(setDoc(doc(carol, 'broadcast_requests/b1'), request({ uid: 'carol' })));
  });

  it('a viewer invite to room b1 watches broadcast b1 only, and cannot broadcast', async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'broadcast_requests/b1'), request({ uid: 'carol' }));
      await setDoc(doc(db, 'broadcast_requests/b2'), request({ uid: 'carol' }));
    });
    const dave = invited('dave', 'b1', ['viewer']);
    await assertFails(setDoc(doc(dave, 'broadcast_requests/p2'),
      request({ kind: 'participant', parent: 'b2', uid: 'dave' })));
    await assertFails(setDoc(doc(dave, 'broadcast_requests/b1x'), request({ uid: 'dave' })));
    await assertSucceeds(setDoc(doc(dave, 'broadcast_requests/p1'),
      request({ kind: 'participant', parent: 'b1', uid: 'dave' })));
  });

  it('an expired invite, or a name other than the invite\'s, is refused', async () => {
    const expired = invited('carol', 'b1', ['presenter'], { inviteExp: nowSeconds() - 5 });
    await assertFails(setDoc(doc(expired, 'broadcast_requests/b1'), request({ uid: 'carol' })));
    const named = invited('carol', 'b1', ['presenter'], { displayName: 'Carol' });
    await assertFails(setDoc(doc(named, 'broadcast_requests/b1'), request({ uid: 'carol', requestor: 'Eve' })));
    await assertSucceeds(setDoc(doc(named, 'broadcast_requests/b1'), request({ uid: 'carol', requestor: 'Carol' })));
  });

  it('the legacy client is refused unless legacyBroadcastRequests is open', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
    await access('token', 'open');
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
  });
});

describe('rooms', () => {
  it('a signed-in browser creates a room with a title and its own uid', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'alice' }));
  });

  it('a room without uid, or with somebody else\'s, is refused', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday' }));
    await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'bob' }));
  });

  it('a room cannot be created without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), 'rooms/family'), { title: 'Sunday', uid: 'alice' }));
  });

  it('a room id must follow the id rule', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/-bad'), { title: 'Sunday', uid: 'alice' }));
  });

  for (const field of ['owner', 'state', 'leaseExpiresAt']) {
    it(`a browser cannot create a room with the server field ${field}`, async () => {
      await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'alice', [field]: 'x' }));
    });
  }

  describe('created by alice', () => {
    beforeEach(async () => {
      await setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'alice' });
      await asServer((db) => updateDoc(doc(db, 'rooms/family'), { state: 'open', owner: 'fm-1', leaseExpiresAt: 1 }));
    });

    it('its creator retitles it', async () => {
      await assertSucceeds(updateDoc(doc(alice(), 'rooms/family'), { title: 'Monday' }));
    });

    it('another user cannot retitle it', async () => {
      await assertFails(updateDoc(doc(bob(), 'rooms/family'), { title: 'Hijacked' }));
      await assertFails(setDoc(doc(bob(), 'rooms/family'), { title: 'Hijacked', uid: 'bob' }));
    });

    it('its creator ends it (state "ended"), and sets no other state', async () => {
      await assertFails(updateDoc(doc(alice(), 'rooms/family'), { state: 'idle' }));
      await assertFails(updateDoc(doc(alice(), 'rooms/family'), { state: 'ended', title: 'Over' }));
      await assertSucceeds(updateDoc(doc(alice(), 'rooms/family'), { state: 'ended' }));
    });

    it('another user cannot end it', async () => {
      await assertFails(updateDoc(doc(bob(), 'rooms/family'), { state: 'ended' }));
    });

    it('an admin retitles and ends it', async () => {
      await assertSucceeds(updateDoc(doc(admin(), 'rooms/family'), { title: 'Admin\'s' }));
      await assertSucceeds(updateDoc(doc(admin(), 'rooms/family'), { state: 'ended' }));
    });

    it('owner, lease and creator are the server\'s', async () => {
      await assertFails(updateDoc(doc(alice(), 'rooms/family'), { owner: 'fm-2' }));
      await assertFails(updateDoc(doc(alice(), 'rooms/family'), { leaseExpiresAt: 2 }));
      await assertFails(updateDoc(doc(alice(), 'rooms/family'), { uid: 'bob' }));
    });

    it('signed-in users read rooms in open mode; anonymous callers do not', async () => {
      await assertSucceeds(getDoc(doc(bob(), 'rooms/family')));
      await assertSucceeds(getDocs(collection(bob(), 'rooms')));
      await assertFails(getDoc(doc(anonymous(), 'rooms/family')));
    });

    it('a browser cannot delete a room', async () => {
      await assertFails(deleteDoc(doc(alice(), 'rooms/family')));
    });
  });

  it('a room the server made (no uid) is retitled or ended by an admin only', async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', state: 'open' }));
    await assertFails(updateDoc(doc(alice(), 'rooms/family'), { title: 'Mine' }));
    await assertFails(updateDoc(doc(alice(), 'rooms/family'), { state: 'ended' }));
    await assertSucceeds(updateDoc(doc(admin(), 'rooms/family'), { title: 'Admin\'s' }));
  });
});

describe('rooms in token mode', () => {
  beforeEach(async () => {
    await access('token', 'off');
  });

  it('a signed-in user without an invite neither creates, reads nor lists rooms', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', uid: 'alice' }));
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', uid: 'carol' }));
    await assertFails(getDoc(doc(alice(), 'rooms/family')));
    await assertFails(getDocs(collection(alice(), 'rooms')));
  });

  it('a presenter invite creates its room, and only that one', async () => {
    const carol = invited('carol', 'family', ['presenter']);
    await assertFails(setDoc(doc(carol, 'rooms/other'), { title: 'Other', uid: 'carol' }));
    await assertSucceeds(setDoc(doc(carol, 'rooms/family'), { title: 'Sunday', uid: 'carol' }));
  });

  it('a viewer invite or an expired presenter invite does not create the room', async () => {
    await assertFails(setDoc(doc(invited('dave', 'family', ['viewer']), 'rooms/family'), { title: 'S', uid: 'dave' }));
    const expired = invited('carol', 'family', ['presenter'], { inviteExp: nowSeconds() - 1 });
    await assertFails(setDoc(doc(expired, 'rooms/family'), { title: 'S', uid: 'carol' }));
  });

  it('an invite reads its room but does not list the rooms; an admin does both', async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', uid: 'carol' }));
    const dave = invited('dave', 'family', ['viewer']);
    await assertSucceeds(getDoc(doc(dave, 'rooms/family')));
    await assertFails(getDocs(collection(dave, 'rooms')));
    await assertFails(getDoc(doc(invited('eve', 'other', ['presenter']), 'rooms/family')));
    await assertSucceeds(getDocs(collection(admin(), 'rooms')));
    await assertSucceeds(getDoc(doc(admin(), 'rooms/family')));
  });
});

describe('rooms/{roomId}/participants', () => {
  beforeEach(async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', uid: 'carol' }));
  });

  const path = 'rooms/family/participants/p1';

  it('a browser creates its participant document {name, role, offer rev 1, uid}', async () => {
    await assertSucceeds(setDoc(doc(alice(), path), participant('alice')));
    await assertSucceeds(setDoc(doc(bob(), 'rooms/family/participants/p2'), participant('bob', { role: 'presenter' })));
  });

  it('denied without uid, or with somebody else\'s', async () => {
    const unstamped = participant('alice');
    delete unstamped.uid;
    await assertFails(setDoc(doc(alice(), path), unstamped));
    await assertFails(setDoc(doc(alice(), path), participant('bob')));
  });

  it('denied in a room that does not exist', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/nowhere/participants/p1'), participant('alice')));
  });

  it('denied without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), path), participant('alice')));
  });

  it('denied with an unknown role', async () => {
    await assertFails(setDoc(doc(alice(), path), participant('alice', { role: 'owner' })));
  });

  it('denied with an offer of another type or a first rev other than 1', async () => {
    await assertFails(setDoc(doc(alice(), path), participant('alice', { offer: { type: 'answer', sdp: 'v=0', rev: 1 } })));
    await assertFails(setDoc(doc(alice(), path), participant('alice', { offer: { type: 'offer', sdp: 'v=0', rev: 5 } })));
    await assertFails(setDoc(doc(alice(), path), participant('alice', { offer: { type: 'offer', sdp: '', rev: 1 } })));
  });

  for (const field of ['answer', 'state', 'error', 'renegotiate', 'leave']) {
    it(`denied with the field ${field} at creation`, async () => {
      await assertFails(setDoc(doc(alice(), path),
        participant('alice', { [field]: field === 'answer' ? { type: 'answer', sdp: 'v=0', rev: 1 } : true })));
    });
  }

  it('denied with the server field slots at creation', async () => {
    await assertFails(setDoc(doc(alice(), path), participant('alice', { slots: { audio: 1, video: 4 } })));
  });

  describe('after alice joined', () => {
    beforeEach(async () => {
      await setDoc(doc(alice(), path), participant('alice'));
      await asServer((db) => updateDoc(doc(db, path),
        { answer: { type: 'answer', sdp: 'v=0\r\n', rev: 1 }, state: 'answered' }));
    });

    it('alice reads her answer', async () => {
      const snap = await assertSucceeds(getDoc(doc(alice(), path)));
      if (snap.data().answer.rev !== 1) throw new Error('answer not read back');
    });

    it('bob cannot read alice\'s offer and answer, nor list the participants', async () => {
      await assertFails(getDoc(doc(bob(), path)));
      await assertFails(getDocs(collection(bob(), 'rooms/family/participants')));
      await assertFails(getDocs(collection(alice(), 'rooms/family/participants')));
      await assertSucceeds(getDocs(query(collection(alice(), 'rooms/family/participants'), where('uid', '==', 'alice'))));
      await assertFails(getDoc(doc(anonymous(), path)));
    });

    it('once the server removed it, her listener reads it as missing; others learn nothing more', async () => {
      await asServer((db) => deleteDoc(doc(db, path)));
      const snap = await assertSucceeds(getDoc(doc(alice(), path)));
      if (snap.exists()) throw new Error('still there');
      await assertFails(getDoc(doc(anonymous(), path)));
    });

    it('alice replaces her offer with a higher rev (renegotiation)', async () => {
      await assertSucceeds(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
    });

    it('the offer rev must go up', async () => {
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: 1 } }));
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: 0 } }));
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: '2' } }));
    });

    it('alice sets leave: true', async () => {
      await assertSucceeds(updateDoc(doc(alice(), path), { leave: true }));
    });

    it('leave cannot be false', async () => {
      await assertFails(updateDoc(doc(alice(), path), { leave: false }));
    });

    it('bob cannot write a higher rev or leave on alice\'s document', async () => {
      await assertFails(updateDoc(doc(bob(), path), { leave: true }));
      await assertFails(updateDoc(doc(bob(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
      await assertFails(setDoc(doc(bob(), path), participant('bob')));
    });

    for (const [field, value] of [['answer', { type: 'answer', sdp: 'v=0', rev: 2 }], ['state', 'connected'],
      ['error', 'x'], ['renegotiate', false], ['slots', { audio: 1, video: 4 }], ['name', 'Eve'],
      ['role', 'presenter'], ['uid', 'bob']]) {
      it(`alice cannot write ${field}`, async () => {
        await assertFails(updateDoc(doc(alice(), path), { [field]: value }));
      });
    }

    it('alice cannot delete her document (the server reaps it)', async () => {
      await assertFails(deleteDoc(doc(alice(), path)));
    });

    it('the server raises renegotiate and writes state', async () => {
      await asServer((db) => updateDoc(doc(db, path), { renegotiate: true, state: 'connected' }));
    });

    it('the server asks for slots; alice answers with a new offer but cannot change slots', async () => {
      await asServer((db) => updateDoc(doc(db, path), { renegotiate: true, slots: { audio: 1, video: 2 } }));
      await assertFails(updateDoc(doc(alice(), path), { slots: { audio: 1, video: 8 } }));
      await assertFails(updateDoc(doc(alice(), path), { renegotiate: false }));
      await assertSucceeds(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
    });
  });
});

describe('rooms/{roomId}/participants in token mode', () => {
  const path = 'rooms/family/participants/p1';

  beforeEach(async () => {
    await access('token', 'off');
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', uid: 'carol' }));
  });

  it('a signed-in user without an invite cannot join', async () => {
    await assertFails(setDoc(doc(alice(), path), participant('alice')));
  });

  it('a viewer invite joins that room as a viewer only', async () => {
    const dave = invited('dave', 'family', ['viewer']);
    await assertFails(setDoc(doc(dave, path), participant('dave', { role: 'presenter' })));
    await assertSucceeds(setDoc(doc(dave, path), participant('dave')));
  });

  it('an invite to another room, or an expired one, cannot join', async () => {
    await assertFails(setDoc(doc(invited('eve', 'other', ['viewer', 'presenter']), path), participant('eve')));
    await assertFails(setDoc(doc(invited('dave', 'family', ['viewer'], { inviteExp: nowSeconds() - 1 }), path),
      participant('dave')));
    await assertFails(setDoc(doc(invited('dave', 'family', ['viewer'], { inviteExp: null }), path),
      participant('dave')));
  });

  it('an invite that names the person joins under that name only', async () => {
    const dave = invited('dave', 'family', ['viewer'], { displayName: 'Dave' });
    await assertFails(setDoc(doc(dave, path), participant('dave', { name: 'Grandma' })));
    await assertSucceeds(setDoc(doc(dave, path), participant('dave', { name: 'Dave' })));
  });

  it('an admin joins any room', async () => {
    await assertSucceeds(setDoc(doc(admin(), path), participant('root', { role: 'presenter' })));
  });

  it('an invited viewer cannot read or change the presenter\'s document', async () => {
    const carol = invited('carol', 'family', ['presenter']);
    await setDoc(doc(carol, path), participant('carol', { role: 'presenter' }));
    const dave = invited('dave', 'family', ['viewer']);
    await assertFails(getDoc(doc(dave, path)));
    await assertFails(updateDoc(doc(dave, path), { leave: true }));
    await assertFails(updateDoc(doc(dave, path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
  });
});

describe('rooms/{roomId}/roster', () => {
  const entry = 'rooms/family/roster/p1';

  beforeEach(async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'rooms/family'), { title: 'Sunday', uid: 'carol' });
      await setDoc(doc(db, entry), { name: 'Ann', role: 'viewer', state: 'connected' });
    });
  });

  it('signed-in users read the roster in open mode; anonymous callers do not', async () => {
    await assertSucceeds(getDocs(collection(bob(), 'rooms/family/roster')));
    await assertSucceeds(getDoc(doc(bob(), entry)));
    await assertFails(getDocs(collection(anonymous(), 'rooms/family/roster')));
  });

  it('in token mode only those invited to the room (or admins) read it', async () => {
    await access('token', 'off');
    await assertFails(getDocs(collection(alice(), 'rooms/family/roster')));
    await assertFails(getDocs(collection(invited('eve', 'other', ['viewer']), 'rooms/family/roster')));
    await assertSucceeds(getDocs(collection(invited('dave', 'family', ['viewer']), 'rooms/family/roster')));
    await assertSucceeds(getDocs(collection(admin(), 'rooms/family/roster')));
  });

  it('nobody but the server writes it', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/family/roster/p2'), { name: 'Eve', role: 'presenter', state: 'connected' }));
    await assertFails(updateDoc(doc(alice(), entry), { state: 'left' }));
    await assertFails(updateDoc(doc(admin(), entry), { state: 'left' }));
    await assertFails(deleteDoc(doc(alice(), entry)));
  });
});

describe('server-only collections', () => {
  it('servers/* is neither readable nor writable by browsers', async () => {
    await asServer((db) => setDoc(doc(db, 'servers/fm-1'), { state: 'ready', load: 0, capacity: 3 }));
    await assertFails(getDoc(doc(alice(), 'servers/fm-1')));
    await assertFails(getDocs(collection(alice(), 'servers')));
    await assertFails(setDoc(doc(alice(), 'servers/fm-2'), { state: 'ready' }));
    await assertFails(updateDoc(doc(alice(), 'servers/fm-1'), { state: 'draining' }));
  });

  it('claims/* (room owners and leases) is neither readable nor writable by browsers', async () => {
    const lease = new Date(Date.now() + 30000);
    await asServer((db) => setDoc(doc(db, 'claims/broadcast_requests:b1'),
      { room: 'broadcast_requests/b1', owner: 'fm-1', leaseExpiresAt: lease }));
    await assertFails(getDoc(doc(alice(), 'claims/broadcast_requests:b1')));
    await assertFails(getDocs(collection(alice(), 'claims')));
    await assertFails(updateDoc(doc(alice(), 'claims/broadcast_requests:b1'), { owner: 'mallory' }));
    await assertFails(setDoc(doc(alice(), 'claims/broadcast_requests:b2'),
      { room: 'broadcast_requests/b2', owner: 'mallory', leaseExpiresAt: lease }));
    await assertFails(deleteDoc(doc(alice(), 'claims/broadcast_requests:b1')));
    await assertFails(setDoc(doc(anonymous(), 'claims/broadcast_requests:b3'), { owner: 'x' }));
  });

  it('cameras are neither readable nor writable by browsers', async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'rooms/family'), { title: 'Sunday' });
      await setDoc(doc(db, 'rooms/family/cameras/c1'), { url: 'rtsp://user:pw@cam/1' });
    });
    await assertFails(getDoc(doc(alice(), 'rooms/family/cameras/c1')));
    await assertFails(setDoc(doc(alice(), 'rooms/family/cameras/c2'), { url: 'rtsp://x' }));
  });

  it('any other collection is closed', async () => {
    await assertFails(setDoc(doc(alice(), 'anything/x'), { a: 1 }));
    await assertFails(getDoc(doc(alice(), 'anything/x')));
  });
});
