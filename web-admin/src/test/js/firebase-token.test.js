import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exchangeJoinToken, inviteProblem } from '../../main/webapp/js/signaling/firebase-token.js';
import { SignalingError } from '../../main/webapp/js/signaling/errors.js';
import { fakeFetch } from './doubles.js';

const CLAIMS = { room: 'family', roles: ['viewer'], identity: 'dave', displayName: 'Dave' };

test('the join token goes to the exchange in the Authorization header only, with the room asked for', async () => {
  const fetchFn = fakeFetch({ status: 200, body: { customToken: 'ct', uid: 'u1', claims: CLAIMS, expiresAt: 'x' } });
  const answer = await exchangeJoinToken('/meeting/api', 'family', 'jt.abc.def', fetchFn);
  assert.equal(answer.customToken, 'ct');
  assert.deepEqual(answer.claims, CLAIMS);
  const [call] = fetchFn.calls;
  assert.equal(call.url, '/meeting/api/auth/firebase-token');
  assert.equal(call.init.method, 'POST');
  assert.equal(call.init.headers.Authorization, 'Bearer jt.abc.def');
  assert.deepEqual(JSON.parse(call.init.body), { room: 'family' });
  assert.ok(!call.url.includes('jt.abc') && !call.init.body.includes('jt.abc'), 'the token only in the header');
});

test('without a join token the page is told to open its invite link, and nothing is sent', async () => {
  const fetchFn = fakeFetch();
  await assert.rejects(exchangeJoinToken('/api', 'family', null, fetchFn),
    (e) => e instanceof SignalingError && /invited people only: open the invite link/.test(e.message));
  assert.equal(fetchFn.calls.length, 0);
});

test('a refused exchange shows the server\'s words', async () => {
  const fetchFn = fakeFetch({ status: 401, body: { error: 'the join token expired at 2026-01-01T00:00:00Z' } });
  await assert.rejects(exchangeJoinToken('/api', 'family', 'jt', fetchFn),
    (e) => e instanceof SignalingError && e.status === 401
      && e.message === 'the join token expired at 2026-01-01T00:00:00Z (HTTP 401)');
});

test('an answer without a custom token or claims is an error, not a sign-in', async () => {
  await assert.rejects(exchangeJoinToken('/api', 'family', 'jt', fakeFetch({ status: 200, body: { claims: CLAIMS } })),
    /answered without a custom token/);
  await assert.rejects(exchangeJoinToken('/api', 'family', 'jt', fakeFetch({ status: 200, body: { customToken: 'ct' } })),
    /answered without a custom token/);
});

test('an invite fits its own room and roles only', () => {
  assert.equal(inviteProblem(null, 'any', 'presenter'), null, 'open mode: no invite, nothing to check');
  assert.equal(inviteProblem(CLAIMS, 'family', 'viewer'), null);
  assert.equal(inviteProblem(CLAIMS, 'family'), null, 'the room alone');
  assert.equal(inviteProblem(CLAIMS, 'other', 'viewer'), 'your invite is for room "family", not "other"');
  assert.equal(inviteProblem(CLAIMS, 'family', 'presenter'),
    'your invite does not allow joining as presenter (it allows: viewer)');
  assert.equal(inviteProblem({ room: 'family' }, 'family', 'viewer'),
    'your invite does not allow joining as viewer (it allows: nothing)');
});
