import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, LiveStream, RETRY_MAX_MS, RETRY_MIN_MS } from '../../main/webapp/js/signaling/live-stream.js';
import { ManualTimers, RecordedStatuses } from './doubles.js';

/** A LiveStream over a source the test drives: each subscription is a {stopped} record. */
class DrivenStream extends LiveStream {
  constructor(statuses, timers) {
    super('room', statuses, { timers });
    this.subscriptions = [];
    this.open();
  }

  subscribe() {
    const subscription = { stopped: false };
    this.subscriptions.push(subscription);
    return () => { subscription.stopped = true; };
  }

  get current() {
    return this.subscriptions[this.subscriptions.length - 1];
  }
}

test('back-off doubles from 1 s up to 15 s and starts again after a reset', () => {
  const backoff = new Backoff();
  const delays = Array.from({ length: 6 }, () => backoff.next());
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, RETRY_MAX_MS, RETRY_MAX_MS]);
  backoff.reset();
  assert.equal(backoff.next(), RETRY_MIN_MS);
});

test('a stream reports connecting, then open once however often its source delivers', () => {
  const statuses = new RecordedStatuses();
  const stream = new DrivenStream(statuses, new ManualTimers());
  stream.opened();
  stream.opened();
  assert.deepEqual(statuses.lines(), ['connecting', 'open']);
  assert.deepEqual(statuses.events[1], { stream: 'room', status: 'open', detail: undefined });
});

test('an interrupted source is left to retry by itself: no new subscription', () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  const stream = new DrivenStream(statuses, timers);
  stream.opened();
  stream.interrupted('connection lost');
  stream.opened();
  assert.deepEqual(statuses.lines(), ['connecting', 'open', 'reconnecting: connection lost', 'open']);
  assert.equal(stream.subscriptions.length, 1);
  assert.equal(timers.pending.length, 0);
});

test('an ended source is stopped and subscribed again after 1, 2, 4 s; a delivery resets the wait', () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  const stream = new DrivenStream(statuses, timers);
  const first = stream.current;
  stream.ended('the server closed the stream');
  assert.equal(first.stopped, true);
  assert.equal(stream.subscriptions.length, 1, 'not before the wait');
  assert.equal(timers.runNext(), 1000);
  assert.equal(stream.subscriptions.length, 2);
  stream.ended('the server closed the stream');
  assert.equal(timers.runNext(), 2000);
  stream.ended('the server closed the stream');
  assert.equal(timers.runNext(), 4000);
  stream.opened();
  stream.ended('the server closed the stream');
  assert.equal(timers.runNext(), 1000);
  assert.deepEqual(statuses.lines().slice(0, 4), ['connecting', 'reconnecting: the server closed the stream; retrying in 1 s',
    'connecting', 'reconnecting: the server closed the stream; retrying in 2 s']);
});

test('close stops the source and a pending retry, reports closed once, and ignores later news', () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  const stream = new DrivenStream(statuses, timers);
  stream.ended('gone');
  stream.close();
  stream.close();
  assert.equal(timers.pending.length, 0, 'the retry is cancelled');
  stream.opened();
  stream.interrupted('late');
  stream.ended('late');
  stream.open();
  assert.equal(stream.subscriptions.length, 1);
  assert.deepEqual(statuses.lines(), ['connecting', 'reconnecting: gone; retrying in 1 s', 'closed']);
});

test('close with a reason (a refusal) reports it with closed, and does not subscribe again', () => {
  const statuses = new RecordedStatuses();
  const timers = new ManualTimers();
  const stream = new DrivenStream(statuses, timers);
  stream.close('only participant p1 itself may read or change its document (HTTP 403)');
  assert.equal(stream.current.stopped, true);
  assert.equal(timers.pending.length, 0);
  assert.deepEqual(statuses.lines(), ['connecting',
    'closed: only participant p1 itself may read or change its document (HTTP 403)']);
});

test('a stream without status listeners reports nothing and still re-subscribes', () => {
  const timers = new ManualTimers();
  const stream = new DrivenStream(null, timers);
  stream.ended('gone');
  timers.runNext();
  assert.equal(stream.subscriptions.length, 2);
});

test('a source that does not implement subscribe says so', () => {
  const stream = new LiveStream('x', null);
  assert.throws(() => stream.open(), /LiveStream does not implement subscribe\(\)/);
});
