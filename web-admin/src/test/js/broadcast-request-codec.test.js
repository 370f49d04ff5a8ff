import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeDescription, encodeDescription, participantDoc
} from '../../main/webapp/js/signaling/broadcast-request-codec.js';

// The server's answer field for the SDP "v=0\r\n" (BroadcastRequestCodec.encodeAnswer): base64
// of the JSON {"type":"answer","sdp":"v=0\r\n"}. The wire format, so written out here.
const ANSWER_V0 = 'eyJ0eXBlIjoiYW5zd2VyIiwic2RwIjoidj0wXHJcbiJ9';

test('an offer is base64 of its JSON, as the old client\'s btoa(JSON.stringify(..))', () => {
  const value = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };
  assert.equal(encodeDescription(value), btoa(JSON.stringify(value)));
  assert.deepEqual(decodeDescription(encodeDescription(value)), value);
});

test('text beyond ASCII goes through UTF-8 both ways', () => {
  const value = { type: 'offer', sdp: 'v=0\r\ns=Großmutter 🎥\r\n' };
  assert.deepEqual(decodeDescription(encodeDescription(value)), value);
});

test('the server\'s answer field decodes to its SDP', () => {
  assert.deepEqual(decodeDescription(ANSWER_V0), { type: 'answer', sdp: 'v=0\r\n' });
});

test('a field that is not base64 JSON with an sdp says what it is not', () => {
  assert.throws(() => decodeDescription('%%%'), /not base64$/);
  assert.throws(() => decodeDescription(btoa('not json')), /not base64 JSON/);
  assert.throws(() => decodeDescription(btoa('{"type":"answer"}')), /has no sdp/);
});

test('a stored request reads as a participant document', () => {
  const broadcaster = participantDoc({ id: 'b1', requestor: 'Grandma', kind: 'broadcaster', parent: '',
    answer: ANSWER_V0, state: 'answered', answeredAt: '2025-01-01T00:00:00.000Z' });
  assert.deepEqual(broadcaster, {
    id: 'b1', name: 'Grandma', role: 'presenter', offer: { type: 'offer', rev: 1 },
    answer: { type: 'answer', sdp: 'v=0\r\n', rev: 1 }, state: 'answered', error: '', leave: false,
    renegotiate: false, updatedAt: '2025-01-01T00:00:00.000Z'
  });
  const waiting = participantDoc({ id: 'p1', requestor: 'Kid', kind: 'participant', parent: 'b1', answer: '' });
  assert.equal(waiting.role, 'viewer');
  assert.equal(waiting.state, 'new');
  assert.deepEqual(waiting.answer, {});
});

test('an ended request is "left" with the server\'s reason, or a default one', () => {
  assert.deepEqual(['aborted', 'ended', 'failed'].map((state) => participantDoc({ id: 'p', kind: 'participant', state })),
    [['this broadcast was ended'], ['the broadcaster ended the broadcast'], ['the media connection failed']]
      .map(([error]) => Object.assign(participantDoc({ id: 'p', kind: 'participant' }), { state: 'left', error })));
  assert.equal(participantDoc({ id: 'p', state: 'failed', error: 'ICE timed out' }).error, 'ICE timed out');
});

test('an answer the page cannot read turns the document into an error', () => {
  const doc = participantDoc({ id: 'b1', kind: 'broadcaster', state: 'answered', answer: 'garbage!' });
  assert.equal(doc.state, 'error');
  assert.match(doc.error, /^the server wrote an unusable answer: /);
});
