import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelEvents, Listeners } from '../../main/webapp/js/signaling/listeners.js';

test('a listener added late gets the last document and room view, then every change', async () => {
  const channel = new ChannelEvents();
  channel.acceptDocument({ id: 'p', state: 'new' });
  channel.acceptRoom({ room: { id: 'r' }, participants: [] });
  const docs = [];
  const rooms = [];
  channel.onDocument((d) => docs.push(d.state));
  channel.onRoom((v) => rooms.push(v.room.id));
  await Promise.resolve();
  channel.acceptDocument({ id: 'p', state: 'answered' });
  assert.deepEqual(docs, ['new', 'answered']);
  assert.deepEqual(rooms, ['r']);
});

test('unsubscribing stops the events, and a failing listener does not stop the others', (t) => {
  t.mock.method(console, 'error', () => {});
  const list = new Listeners();
  const got = [];
  list.add(() => { throw new Error('broken page code'); });
  const stop = list.add((v) => got.push(v));
  list.emit(1);
  stop();
  list.emit(2);
  assert.deepEqual(got, [1]);
  assert.equal(console.error.mock.calls.length, 2);
});
