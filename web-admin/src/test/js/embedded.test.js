import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSignaling, errorText, FetchEventStream, olderThan, RestClient } from '../../main/webapp/js/signaling/embedded.js';
import { SignalingError } from '../../main/webapp/js/signaling/errors.js';
import { Credentials } from '../../main/webapp/js/signaling/access.js';
import { ControlledBody, fakeFetch, ManualTimers, MemoryStorage, RecordedStatuses, routedFetch, settle } from './doubles.js';

test('errorText puts the server\'s own words first', () => {
  assert.equal(errorText('PUT', '/rooms/r', 409, '{"error":"room already has a presenter"}'),
    'room already has a presenter (HTTP 409)');
  assert.equal(errorText('GET', '/x', 400, '{"message":"bad id"}'), 'bad id (HTTP 400)');
  assert.equal(errorText('GET', '/x', 500, '{"title":"Internal Server Error"}'), 'Internal Server Error (HTTP 500)');
  assert.equal(errorText('GET', '/x', 503, 'draining\n'), 'draining (HTTP 503)');
  assert.equal(errorText('GET', '/x', 502, ''), 'GET /x failed (HTTP 502)');
  assert.equal(errorText('GET', '/x', 500, 'x'.repeat(400)), 'x'.repeat(300) + ' (HTTP 500)');
});

test('a REST call answers the parsed JSON, null for an empty body, and sends JSON', async () => {
  const fetchFn = fakeFetch({ status: 200, body: { id: 'r1', title: 'One' } }, { status: 204 });
  const api = new RestClient('/meeting/api', fetchFn);
  assert.deepEqual(await api.request('PUT', '/rooms/r1', { title: 'One' }), { id: 'r1', title: 'One' });
  assert.equal(await api.request('PATCH', '/rooms/r1/participants/p', { leave: true }), null);
  assert.equal(fetchFn.calls[0].url, '/meeting/api/rooms/r1');
  assert.equal(fetchFn.calls[0].init.method, 'PUT');
  assert.equal(fetchFn.calls[0].init.headers['Content-Type'], 'application/json');
  assert.equal(fetchFn.calls[0].init.body, '{"title":"One"}');
});

test('a failed REST call rejects with a SignalingError carrying the status and the server\'s text', async () => {
  const api = new RestClient('/api', fakeFetch({ status: 503, body: { error: 'this instance is draining' } }));
  await assert.rejects(api.request('PUT', '/rooms/r/participants/p', {}), (e) => e instanceof SignalingError
    && e.status === 503 && e.message === 'this instance is draining (HTTP 503)');
});

test('an unreachable server and a body that is not JSON are SignalingErrors too', async () => {
  const api = new RestClient('/api', fakeFetch(new TypeError('Failed to fetch'), { status: 200, body: '<html>' }));
  await assert.rejects(api.request('GET', '/rooms'), (e) => e instanceof SignalingError && e.status === 0
    && /server unreachable \(Failed to fetch\)/.test(e.message));
  await assert.rejects(api.request('GET', '/rooms'), (e) => e instanceof SignalingError && e.status === 200
    && /invalid JSON/.test(e.message));
});

test('getRoom answers null for 404 and rejects other failures', async (t) => {
  const original = globalThis.fetch;
  t.after(() => { globalThis.fetch = original; });
  globalThis.fetch = fakeFetch({ status: 404, body: { error: 'no room' } }, { status: 500, body: 'boom' });
  const signaling = createSignaling({ apiBase: '/api', config: { backend: 'embedded' } });
  assert.equal(signaling.backend, 'embedded');
  assert.equal(await signaling.getRoom('r1'), null);
  await assert.rejects(signaling.getRoom('r1'), (e) => e.status === 500);
});

/** The SSE route answered with a body the test writes, or with the given answer. */
function sseAnswer(body, status = 200) {
  return () => new Response(body.stream, { status, headers: { 'Content-Type': 'text/event-stream' } });
}

function stream(fetchFn, handlers, statuses, timers, headers = () => ({})) {
  return new FetchEventStream('/api/rooms/r/events', 'room', handlers, statuses, { fetchFn, timers, headers });
}

test('an SSE stream read with fetch sends its headers and hands each named event\'s data to its handler', async () => {
  const body = new ControlledBody();
  const fetchFn = routedFetch([['GET', /\/events$/, sseAnswer(body)]]);
  const got = [];
  const statuses = new RecordedStatuses();
  stream(fetchFn, { room: (data) => got.push(data) }, statuses, new ManualTimers(), () => ({ Authorization: 'Bearer t' }));
  await settle();
  assert.equal(fetchFn.calls[0].url, '/api/rooms/r/events');
  assert.equal(fetchFn.calls[0].init.headers.Authorization, 'Bearer t');
  assert.equal(fetchFn.calls[0].init.headers.Accept, 'text/event-stream');
  body.push('event: room\ndata: {"room":');
  body.push('{}}\n\n: ping\n\nevent: other\ndata: ignored\n\n');
  await settle();
  assert.deepEqual(got, ['{"room":{}}']);
  assert.deepEqual(statuses.lines(), ['connecting', 'open']);
});

test('an SSE stream the server ends, or whose connection breaks, is opened again after the back-off', async () => {
  const bodies = [new ControlledBody(), new ControlledBody(), new ControlledBody()];
  let n = 0;
  const fetchFn = routedFetch([['GET', /\/events$/, () => sseAnswer(bodies[n++])()]]);
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  stream(fetchFn, {}, statuses, timers);
  await settle();
  bodies[0].end();
  await settle();
  assert.equal(timers.runNext(), 1000);
  await settle();
  bodies[1].fail(new Error('network changed'));
  await settle();
  assert.equal(timers.runNext(), 1000, 'the stream was open: the back-off starts again');
  await settle();
  assert.equal(fetchFn.calls.length, 3);
  assert.deepEqual(statuses.lines(), ['connecting', 'open', 'reconnecting: the server closed the stream; retrying in 1 s',
    'connecting', 'open', 'reconnecting: connection lost (network changed); retrying in 1 s', 'connecting', 'open']);
});

test('a refused SSE stream (403) closes for good with the server\'s words; a 503 is retried', async () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  const refused = routedFetch([['GET', /\/events$/,
    () => ({ status: 403, body: { error: 'only participant p1 itself may read or change its document' } })]]);
  stream(refused, {}, statuses, timers);
  await settle();
  assert.equal(timers.pending.length, 0);
  assert.deepEqual(statuses.lines(), ['connecting',
    'closed: only participant p1 itself may read or change its document (HTTP 403)']);

  const busy = new RecordedStatuses();
  stream(routedFetch([['GET', /\/events$/, () => ({ status: 503, body: { error: 'draining' } })]]), {}, busy, timers);
  await settle();
  assert.equal(timers.pending.length, 1);
  assert.deepEqual(busy.lines(), ['connecting', 'reconnecting: draining (HTTP 503); retrying in 1 s']);

  const down = new RecordedStatuses();
  stream(routedFetch([['GET', /\/events$/, () => new TypeError('Failed to fetch')]]), {}, down, new ManualTimers());
  await settle();
  assert.deepEqual(down.lines(), ['connecting', 'reconnecting: server unreachable (Failed to fetch); retrying in 1 s']);
});

test('closing an SSE stream cancels its body and hands nothing more to the handlers', async () => {
  const body = new ControlledBody();
  const got = [];
  const statuses = new RecordedStatuses();
  const s = stream(routedFetch([['GET', /\/events$/, sseAnswer(body)]]), { room: (d) => got.push(d) }, statuses,
    new ManualTimers());
  await settle();
  s.close();
  await settle();
  assert.equal(body.cancelled, true);
  assert.deepEqual(got, []);
  assert.deepEqual(statuses.lines(), ['connecting', 'open', 'closed']);
});

const OFFER_DOC = { id: 'p1', name: 'Ann', role: 'presenter', state: 'new', offer: { type: 'offer', sdp: 'v=0', rev: 1 } };

test('a channel keeps the participant key of its join, out of the document, and shows it on every later call', async () => {
  const storage = new MemoryStorage();
  const credentials = new Credentials(storage);
  const participantBody = new ControlledBody();
  const fetchFn = routedFetch([
    ['GET', /\/rooms\/r\/events$/, sseAnswer(new ControlledBody())],
    ['PUT', /\/participants\/p1$/, () => ({ status: 200, body: Object.assign({ participantKey: 'k-1' }, OFFER_DOC) })],
    ['GET', /\/participants\/p1\/events$/, sseAnswer(participantBody)],
    ['PATCH', /\/participants\/p1$/, () => ({ status: 200, body: Object.assign({}, OFFER_DOC, { offer: { rev: 2 } }) })]
  ]);
  const original = globalThis.fetch;
  globalThis.fetch = fetchFn;
  try {
    const signaling = createSignaling({ apiBase: '/api', config: { backend: 'embedded' }, credentials });
    const channel = await signaling.join({ roomId: 'r', participantId: 'p1', name: 'Ann', role: 'presenter' });
    const docs = [];
    channel.onDocument((d) => docs.push(d));
    const first = await channel.sendOffer('v=0', 1);
    assert.equal(first.participantKey, undefined, 'the key is not part of the document the page sees');
    assert.equal(credentials.participantKey('r', 'p1'), 'k-1');
    await settle();
    participantBody.push('event: document\ndata: {"id":"p1","state":"answered"}\n\n');
    await settle();
    await channel.sendOffer('v=0', 2);
    await channel.leave();

    const calls = fetchFn.calls.map((c) => c.method + ' ' + c.url.replace('/api/rooms/r', '') + ' '
      + (c.init.headers['X-Participant-Key'] || '-'));
    assert.deepEqual(calls, ['GET /events -', 'PUT /participants/p1 -', 'GET /participants/p1/events k-1',
      'PATCH /participants/p1 k-1', 'PATCH /participants/p1 k-1']);
    assert.ok(docs.some((d) => d.state === 'answered'));
    assert.equal(credentials.participantKey('r', 'p1'), null, 'forgotten after leaving');
  } finally {
    globalThis.fetch = original;
  }
});

test('creating a room keeps its room key, out of the document, and retitling shows it', async () => {
  const credentials = new Credentials(new MemoryStorage());
  const original = globalThis.fetch;
  globalThis.fetch = routedFetch([['PUT', /\/rooms\/r$/, (init) => ({ status: 200,
    body: init.headers['X-Room-Key'] ? { id: 'r', title: 'Two' } : { id: 'r', title: 'One', roomKey: 'rk' } })]]);
  try {
    const signaling = createSignaling({ apiBase: '/api', config: { backend: 'embedded' }, credentials });
    assert.deepEqual(await signaling.createRoom('r', { title: 'One' }), { id: 'r', title: 'One' });
    assert.equal(credentials.roomKey('r'), 'rk');
    assert.deepEqual(await signaling.createRoom('r', { title: 'Two' }), { id: 'r', title: 'Two' });
    assert.equal(globalThis.fetch.calls[1].init.headers['X-Room-Key'], 'rk');
  } finally {
    globalThis.fetch = original;
  }
});

test('a write\'s answer older than what the stream already brought does not replace it', async () => {
  const participantBody = new ControlledBody();
  let releasePatch;
  const patchAnswered = new Promise((resolve) => { releasePatch = resolve; });
  const fetchFn = routedFetch([
    ['GET', /\/rooms\/r\/events$/, sseAnswer(new ControlledBody())],
    ['PUT', /\/participants\/p1$/, () => ({ status: 200, body: Object.assign({ participantKey: 'k' }, OFFER_DOC,
      { updatedAt: '2025-10-01T10:00:00Z' }) })],
    ['GET', /\/participants\/p1\/events$/, sseAnswer(participantBody)],
    ['PATCH', /\/participants\/p1$/, () => patchAnswered]
  ]);
  const original = globalThis.fetch;
  globalThis.fetch = fetchFn;
  try {
    const signaling = createSignaling({ apiBase: '/api', config: { backend: 'embedded' }, credentials: new Credentials(new MemoryStorage()) });
    const channel = await signaling.join({ roomId: 'r', participantId: 'p1', name: 'Ann', role: 'presenter' });
    const docs = [];
    channel.onDocument((d) => docs.push(d));
    await channel.sendOffer('v=0', 1);
    await settle();
    const reoffer = channel.sendOffer('v=0', 2);
    participantBody.push('event: document\ndata: {"id":"p1","offer":{"rev":2},"answer":{"rev":2},"updatedAt":"2025-10-01T10:00:02.5Z"}\n\n');
    await settle();
    releasePatch(new Response(JSON.stringify({ id: 'p1', offer: { rev: 2 }, answer: { rev: 1 }, updatedAt: '2025-10-01T10:00:01.25Z' }),
      { status: 200 }));
    await reoffer;
    assert.equal(channel.lastDocument.answer.rev, 2, 'the answer the stream brought stays');
    assert.deepEqual(docs.map((d) => d.answer && d.answer.rev), [undefined, 2]);
  } finally {
    globalThis.fetch = original;
  }
});

test('olderThan compares the server-written updatedAt, whatever its precision; without it nothing is older', () => {
  assert.equal(olderThan({ updatedAt: '2025-10-01T10:00:01.25Z' }, { updatedAt: '2025-10-01T10:00:01.3Z' }), true);
  assert.equal(olderThan({ updatedAt: '2025-10-01T10:00:02Z' }, { updatedAt: '2025-10-01T10:00:01.999Z' }), false);
  assert.equal(olderThan({ updatedAt: '2025-10-01T10:00:01Z' }, null), false);
  assert.equal(olderThan({}, { updatedAt: '2025-10-01T10:00:01Z' }), false);
});
