import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Credentials, preferredRole, readClaims, tokenFromUrl, withoutToken }
  from '../../main/webapp/js/signaling/access.js';
import { MemoryStorage } from './doubles.js';

/** A JWT-shaped token with these claims (unsigned: the page never checks signatures, the server does). */
function token(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return part({ alg: 'HS256', typ: 'JWT' }) + '.' + part(claims) + '.c2lnbmF0dXJl';
}

const ANN = token({ sub: 'ann', name: 'Grandma Ann ü', room: 'sunday', roles: ['presenter', 'viewer'] });

test('the token of a link is read from its fragment or query and taken out of it', () => {
  const link = 'http://127.0.0.1:8080/meeting/room.html?room=sunday&role=viewer&auto=1#token=' + ANN;
  assert.equal(tokenFromUrl(link), ANN);
  assert.equal(tokenFromUrl('http://h/meeting/room.html?token=' + ANN), ANN);
  assert.equal(tokenFromUrl('http://h/meeting/room.html?room=x'), null);
  assert.equal(withoutToken(link), '/meeting/room.html?room=sunday&role=viewer&auto=1');
  assert.equal(withoutToken('http://h/r.html?token=abc&room=x#token=abc&other=1'), '/r.html?room=x#other=1');
});

test('claims are decoded for display, also with non-ASCII names; what is not a JWT gives null', () => {
  assert.deepEqual(readClaims(ANN), { sub: 'ann', name: 'Grandma Ann ü', room: 'sunday', roles: ['presenter', 'viewer'] });
  assert.equal(readClaims('not-a-token'), null);
  assert.equal(readClaims('a.%%%.c'), null);
  assert.equal(readClaims(null), null);
  assert.equal(preferredRole(readClaims(ANN)), 'presenter');
  assert.equal(preferredRole({ roles: ['viewer'] }), 'viewer');
  assert.equal(preferredRole(null), 'viewer');
});

test('credentials keep a token per room and keys per room and participant, and show them as headers', () => {
  const storage = new MemoryStorage();
  const credentials = new Credentials(storage);
  assert.deepEqual(credentials.headers('sunday', 'p1'), {});
  assert.equal(credentials.setToken(ANN).room, 'sunday');
  assert.equal(credentials.setToken('garbage'), null);
  credentials.setParticipantKey('sunday', 'p1', 'key-1');
  credentials.setRoomKey('sunday', 'room-key');
  assert.deepEqual(credentials.headers('sunday', 'p1'),
    { Authorization: 'Bearer ' + ANN, 'X-Room-Key': 'room-key', 'X-Participant-Key': 'key-1' });
  assert.deepEqual(credentials.headers('sunday'), { Authorization: 'Bearer ' + ANN, 'X-Room-Key': 'room-key' });
  assert.deepEqual(credentials.headers('monday', 'p1'), {}, 'nothing of another room');
  credentials.forgetParticipant('sunday', 'p1');
  assert.equal(credentials.participantKey('sunday', 'p1'), null);
  assert.deepEqual([...storage.map.keys()].sort(), ['familymeeting.roomKey.sunday', 'familymeeting.token.sunday']);
});
