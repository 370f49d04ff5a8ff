// Allowed and denied cases of docker/firestore/firestore.rules, evaluated by the rules
// engine of Google's Firestore emulator (started by this test on 127.0.0.1).
//   node --test test/rules.test.js
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

let emulator;
let env;

/** A broadcast request as the existing web client writes it. */
function request(extra = {}) {
  return { requestor: 'Grandma', kind: 'broadcaster', parent: '', offer: OFFER, answer: '', abort: false, ...extra };
}

function participant(extra = {}) {
  return { name: 'Ann', role: 'viewer', offer: { type: 'offer', sdp: 'v=0\r\n', rev: 1 }, ...extra };
}

/** Writes documents as the server (Admin SDK: rules bypassed). */
async function asServer(fn) {
  await env.withSecurityRulesDisabled(async (ctx) => fn(ctx.firestore()));
}

const alice = () => env.authenticatedContext('alice').firestore();
const bob = () => env.authenticatedContext('bob').firestore();
const anonymous = () => env.unauthenticatedContext().firestore();

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
});

describe('broadcast_requests: create', () => {
  it('a signed-in browser creates a broadcaster request with the six client fields', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b1'), request()));
  });

  it('an auto-id request (addDoc, as the web client does) is allowed', async () => {
    await assertSucceeds(addDoc(collection(alice(), 'broadcast_requests'), request()));
  });

  it('a request stamped with the creator\'s own uid is allowed', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'alice' })));
  });

  it('a participant request whose parent is a broadcaster is allowed', async () => {
    await asServer((db) => setDoc(doc(db, 'broadcast_requests/b1'), request()));
    await assertSucceeds(setDoc(doc(bob(), 'broadcast_requests/p1'),
      request({ requestor: 'Bob', kind: 'participant', parent: 'b1' })));
  });

  it('denied without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), 'broadcast_requests/b1'), request()));
  });

  it('denied when stamped with somebody else\'s uid', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ uid: 'bob' })));
  });

  it('denied with an answer already filled in', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ answer: 'Zm9v' })));
  });

  it('denied when already aborted', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ abort: true })));
  });

  for (const field of ['server', 'state', 'error', 'answeredAt', 'renegotiate']) {
    it(`denied with the server field ${field}`, async () => {
      await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ [field]: 'x' })));
    });
  }

  it('denied with a missing field (no offer)', async () => {
    const r = request();
    delete r.offer;
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), r));
  });

  it('denied with an empty offer', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ offer: '' })));
  });

  it('denied with an unknown kind', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ kind: 'admin' })));
  });

  it('denied: a broadcaster with a parent', async () => {
    await assertFails(setDoc(doc(alice(), 'broadcast_requests/b1'), request({ parent: 'x1' })));
  });

  it('denied: a participant whose parent does not exist', async () => {
    await assertFails(setDoc(doc(bob(), 'broadcast_requests/p1'),
      request({ kind: 'participant', parent: 'nope' })));
  });

  it('denied: a participant whose parent is itself a participant', async () => {
    await asServer(async (db) => {
      await setDoc(doc(db, 'broadcast_requests/b1'), request());
      await setDoc(doc(db, 'broadcast_requests/p1'), request({ kind: 'participant', parent: 'b1' }));
    });
    await assertFails(setDoc(doc(bob(), 'broadcast_requests/p2'),
      request({ kind: 'participant', parent: 'p1' })));
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

  it('another user cannot read a stamped request', async () => {
    await assertFails(getDoc(doc(bob(), 'broadcast_requests/mine')));
  });

  it('an unstamped (legacy client) request is read by id', async () => {
    await assertSucceeds(getDoc(doc(bob(), 'broadcast_requests/legacy')));
  });

  it('nobody reads without sign-in', async () => {
    await assertFails(getDoc(doc(anonymous(), 'broadcast_requests/legacy')));
  });

  it('listing is limited to a query on one\'s own uid', async () => {
    await assertSucceeds(getDocs(query(collection(alice(), 'broadcast_requests'), where('uid', '==', 'alice'))));
    await assertFails(getDocs(collection(alice(), 'broadcast_requests')));
    await assertFails(getDocs(query(collection(bob(), 'broadcast_requests'), where('uid', '==', 'alice'))));
  });

  it('the owner sets abort: true', async () => {
    await assertSucceeds(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: true }));
    await assertSucceeds(updateDoc(doc(bob(), 'broadcast_requests/legacy'), { abort: true }));
  });

  it('another user cannot abort a stamped request', async () => {
    await assertFails(updateDoc(doc(bob(), 'broadcast_requests/mine'), { abort: true }));
  });

  it('abort cannot be set back to false', async () => {
    await asServer((db) => updateDoc(doc(db, 'broadcast_requests/mine'), { abort: true }));
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: false }));
  });

  it('a client cannot write the answer', async () => {
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { answer: 'Zm9v' }));
  });

  for (const field of ['server', 'state', 'error', 'answeredAt']) {
    it(`a client cannot write the server field ${field}`, async () => {
      await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { [field]: 'x' }));
    });
  }

  it('a client cannot replace its offer or change other fields along with abort', async () => {
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { abort: true, offer: OFFER + 'x' }));
    await assertFails(updateDoc(doc(alice(), 'broadcast_requests/mine'), { uid: 'bob' }));
  });

  it('a client cannot delete a request', async () => {
    await assertFails(deleteDoc(doc(alice(), 'broadcast_requests/mine')));
  });

  it('the server (Admin SDK) writes the answer and its fields', async () => {
    await asServer((db) => updateDoc(doc(db, 'broadcast_requests/mine'),
      { answer: 'YW5zd2Vy', server: 'fm-1', state: 'answered', answeredAt: serverTimestamp() }));
  });
});

describe('rooms', () => {
  it('a signed-in browser creates a room with a title only', async () => {
    await assertSucceeds(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday' }));
  });

  it('a room cannot be created without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), 'rooms/family'), { title: 'Sunday' }));
  });

  it('a room id must follow the id rule', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/-bad'), { title: 'Sunday' }));
  });

  for (const field of ['owner', 'state', 'leaseExpiresAt']) {
    it(`a browser cannot create a room with the server field ${field}`, async () => {
      await assertFails(setDoc(doc(alice(), 'rooms/family'), { title: 'Sunday', [field]: 'x' }));
    });
  }

  it('owner and lease fields are the server\'s; the title may change', async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', owner: 'fm-1', state: 'open', leaseExpiresAt: 1 }));
    await assertFails(updateDoc(doc(alice(), 'rooms/family'), { owner: 'fm-2' }));
    await assertFails(updateDoc(doc(alice(), 'rooms/family'), { leaseExpiresAt: 2 }));
    await assertFails(updateDoc(doc(alice(), 'rooms/family'), { state: 'closed' }));
    await assertSucceeds(updateDoc(doc(alice(), 'rooms/family'), { title: 'Monday' }));
  });

  it('signed-in users read rooms; anonymous callers do not', async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', owner: 'fm-1' }));
    await assertSucceeds(getDoc(doc(bob(), 'rooms/family')));
    await assertSucceeds(getDocs(collection(bob(), 'rooms')));
    await assertFails(getDoc(doc(anonymous(), 'rooms/family')));
  });

  it('a browser cannot delete a room', async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday' }));
    await assertFails(deleteDoc(doc(alice(), 'rooms/family')));
  });
});

describe('rooms/{roomId}/participants', () => {
  beforeEach(async () => {
    await asServer((db) => setDoc(doc(db, 'rooms/family'), { title: 'Sunday', owner: 'fm-1' }));
  });

  const path = 'rooms/family/participants/p1';

  it('a browser creates its participant document {name, role, offer rev 1}', async () => {
    await assertSucceeds(setDoc(doc(alice(), path), participant()));
    await assertSucceeds(setDoc(doc(bob(), 'rooms/family/participants/p2'),
      participant({ role: 'presenter', uid: 'bob' })));
  });

  it('denied in a room that does not exist', async () => {
    await assertFails(setDoc(doc(alice(), 'rooms/nowhere/participants/p1'), participant()));
  });

  it('denied without sign-in', async () => {
    await assertFails(setDoc(doc(anonymous(), path), participant()));
  });

  it('denied with an unknown role', async () => {
    await assertFails(setDoc(doc(alice(), path), participant({ role: 'owner' })));
  });

  it('denied with an offer of another type or a first rev other than 1', async () => {
    await assertFails(setDoc(doc(alice(), path), participant({ offer: { type: 'answer', sdp: 'v=0', rev: 1 } })));
    await assertFails(setDoc(doc(alice(), path), participant({ offer: { type: 'offer', sdp: 'v=0', rev: 5 } })));
    await assertFails(setDoc(doc(alice(), path), participant({ offer: { type: 'offer', sdp: '', rev: 1 } })));
  });

  for (const field of ['answer', 'state', 'error', 'renegotiate', 'leave']) {
    it(`denied with the field ${field} at creation`, async () => {
      await assertFails(setDoc(doc(alice(), path), participant({ [field]: field === 'answer' ? { type: 'answer', sdp: 'v=0', rev: 1 } : true })));
    });
  }

  it('denied with the server field slots at creation', async () => {
    await assertFails(setDoc(doc(alice(), path), participant({ slots: { audio: 1, video: 4 } })));
  });

  it('denied when stamped with somebody else\'s uid', async () => {
    await assertFails(setDoc(doc(alice(), path), participant({ uid: 'bob' })));
  });

  describe('after joining', () => {
    beforeEach(async () => {
      await setDoc(doc(alice(), path), participant({ uid: 'alice' }));
      await asServer((db) => updateDoc(doc(db, path),
        { answer: { type: 'answer', sdp: 'v=0\r\n', rev: 1 }, state: 'answered' }));
    });

    it('the participant reads its answer', async () => {
      const snap = await assertSucceeds(getDoc(doc(alice(), path)));
      if (snap.data().answer.rev !== 1) throw new Error('answer not read back');
    });

    it('the room\'s roster is readable to signed-in users, not to anonymous callers', async () => {
      await assertSucceeds(getDocs(collection(bob(), 'rooms/family/participants')));
      await assertFails(getDocs(collection(anonymous(), 'rooms/family/participants')));
    });

    it('the participant replaces its offer with a higher rev (renegotiation)', async () => {
      await assertSucceeds(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
    });

    it('the offer rev must go up', async () => {
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: 1 } }));
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: 0 } }));
      await assertFails(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\ns=-\r\n', rev: '2' } }));
    });

    it('the participant sets leave: true', async () => {
      await assertSucceeds(updateDoc(doc(alice(), path), { leave: true }));
    });

    it('leave cannot be false', async () => {
      await assertFails(updateDoc(doc(alice(), path), { leave: false }));
    });

    it('another user cannot change the offer or leave for it', async () => {
      await assertFails(updateDoc(doc(bob(), path), { leave: true }));
      await assertFails(updateDoc(doc(bob(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
    });

    for (const [field, value] of [['answer', { type: 'answer', sdp: 'v=0', rev: 2 }], ['state', 'connected'],
      ['error', 'x'], ['renegotiate', false], ['slots', { audio: 1, video: 4 }], ['name', 'Eve'],
      ['role', 'presenter'], ['uid', 'bob']]) {
      it(`the participant cannot write ${field}`, async () => {
        await assertFails(updateDoc(doc(alice(), path), { [field]: value }));
      });
    }

    it('the participant cannot delete its document (the server reaps it)', async () => {
      await assertFails(deleteDoc(doc(alice(), path)));
    });

    it('the server raises renegotiate and writes state', async () => {
      await asServer((db) => updateDoc(doc(db, path), { renegotiate: true, state: 'connected' }));
    });

    it('the server asks for slots; the participant answers with a new offer but cannot change slots', async () => {
      await asServer((db) => updateDoc(doc(db, path), { renegotiate: true, slots: { audio: 1, video: 2 } }));
      await assertFails(updateDoc(doc(alice(), path), { slots: { audio: 1, video: 8 } }));
      await assertFails(updateDoc(doc(alice(), path), { renegotiate: false }));
      await assertSucceeds(updateDoc(doc(alice(), path), { offer: { type: 'offer', sdp: 'v=0\r\n', rev: 2 } }));
    });
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
