import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSignaling, errorText, EventSourceStream, RestClient } from '../../main/webapp/js/signaling/embedded.js';
import { SignalingError } from '../../main/webapp/js/signaling/errors.js';
import { FakeEventSource, fakeFetch, ManualTimers, RecordedStatuses } from './doubles.js';

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

function stream(handlers, statuses, timers) {
  FakeEventSource.made = [];
  return new EventSourceStream('/api/rooms/r/events', 'room', handlers, statuses,
    { EventSourceClass: FakeEventSource, timers });
}

test('an SSE stream hands each named event\'s data to its handler', () => {
  const got = [];
  stream({ room: (data) => got.push(data) }, new RecordedStatuses(), new ManualTimers());
  const source = FakeEventSource.made[0];
  assert.equal(source.url, '/api/rooms/r/events');
  source.open();
  source.emit('room', '{"room":{}}');
  source.emit('other', 'ignored');
  assert.deepEqual(got, ['{"room":{}}']);
});

test('an SSE stream the server closed is opened again after the back-off; a plain drop is the browser\'s', () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  stream({}, statuses, timers);
  FakeEventSource.made[0].open();
  FakeEventSource.made[0].fail(FakeEventSource.CONNECTING);
  assert.equal(timers.pending.length, 0);
  FakeEventSource.made[0].fail(FakeEventSource.CLOSED);
  assert.equal(timers.runNext(), 1000);
  assert.equal(FakeEventSource.made.length, 2);
  FakeEventSource.made[1].open();
  assert.deepEqual(statuses.lines(), ['connecting', 'open', 'reconnecting: connection lost; the browser is retrying',
    'reconnecting: the server closed the stream; retrying in 1 s', 'connecting', 'open']);
});

test('closing an SSE stream closes its EventSource', () => {
  const statuses = new RecordedStatuses();
  const s = stream({}, statuses, new ManualTimers());
  s.close();
  assert.equal(FakeEventSource.made[0].closed, true);
  assert.deepEqual(statuses.lines(), ['connecting', 'closed']);
});
