import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../main/webapp/js/signaling/sse.js';

function parse(...chunks) {
  const events = [];
  const parser = new SseParser((name, data) => events.push([name, data]));
  for (const c of chunks) {
    parser.push(c);
  }
  return events;
}

test('named events with their data; a blank line dispatches each', () => {
  assert.deepEqual(parse('event: document\ndata: {"id":"p1"}\n\nevent: deleted\ndata: {}\n\n'),
    [['document', '{"id":"p1"}'], ['deleted', '{}']]);
});

test('an event without a name is a message; several data lines join with a line feed', () => {
  assert.deepEqual(parse('data: one\ndata: two\n\n'), [['message', 'one\ntwo']]);
});

test('comments (the server\'s pings), id and retry are read past; nothing without data is dispatched', () => {
  assert.deepEqual(parse(': ping\n\nid: 7\nretry: 100\nevent: room\n\nevent: room\ndata: x\n\n'), [['room', 'x']]);
});

test('CRLF, CR and LF all end lines, also when a CRLF is split between chunks', () => {
  assert.deepEqual(parse('event: a\r\ndata: 1\r\n\r\n', 'event: b\rdata: 2\r\r', 'data: 3\r', '\n\r', '\n'),
    [['a', '1'], ['b', '2'], ['message', '3']]);
});

test('an event split anywhere between chunks arrives whole, once', () => {
  const text = 'event: document\ndata: {"a":1}\n\n';
  for (let i = 1; i < text.length; i++) {
    assert.deepEqual(parse(text.slice(0, i), text.slice(i)), [['document', '{"a":1}']], 'split at ' + i);
  }
});

test('one space after the colon is dropped, others kept; a field without colon has an empty value', () => {
  assert.deepEqual(parse('data:tight\n\ndata:  two spaces\n\ndata\n\n'), [['message', 'tight'], ['message', ' two spaces'],
    ['message', '']]);
});

test('a byte order mark at the start is dropped; an unfinished event is not dispatched', () => {
  assert.deepEqual(parse('\uFEFFdata: first\n\n', 'data: unfinished\n'), [['message', 'first']]);
});
