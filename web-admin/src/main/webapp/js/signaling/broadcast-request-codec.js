/**
 * The wire format of a broadcast_requests document (the family-meeting web client's flat
 * collection, written by broadcast-requests.js), in pure functions: the base64 JSON of its
 * offer and answer fields, and the stored document as the ParticipantDoc rtc/session.js
 * reads. The server's side of the same format is BroadcastRequestCodec (ejb-signaling).
 * No Firestore here.
 */

/** The states that end a request, with what the page says when the server gave no reason. */
export const ENDED_STATES = {
  aborted: 'this broadcast was ended',
  ended: 'the broadcaster ended the broadcast',
  failed: 'the media connection failed'
};

/** base64 of the UTF-8 JSON of value (what the old client's btoa(JSON.stringify(..)) gives for ASCII SDP). */
export function encodeDescription(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

/** The {type, sdp} inside a base64 JSON field; throws with a readable message when it is not one. */
export function decodeDescription(text) {
  let json;
  try {
    const binary = atob(text);
    json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch (e) {
    throw new Error('the answer is not base64');
  }
  let value;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error('the answer is not base64 JSON');
  }
  if (!value || typeof value.sdp !== 'string') {
    throw new Error('the answer has no sdp');
  }
  return value;
}

/** The stored request ({id, ...fields}) as the ParticipantDoc rtc/session.js reads (rev is always 1). */
export function participantDoc(raw) {
  const out = {
    id: raw.id,
    name: raw.requestor,
    role: raw.kind === 'broadcaster' ? 'presenter' : 'viewer',
    offer: { type: 'offer', rev: 1 },
    answer: {},
    state: raw.state || 'new',
    error: raw.error || '',
    leave: false,
    renegotiate: false,
    updatedAt: raw.answeredAt || null
  };
  if (ENDED_STATES[raw.state]) {
    out.state = 'left';
    out.error = raw.error || ENDED_STATES[raw.state];
    return out;
  }
  if (typeof raw.answer === 'string' && raw.answer) {
    try {
      out.answer = { type: 'answer', sdp: decodeDescription(raw.answer).sdp, rev: 1 };
    } catch (e) {
      out.state = 'error';
      out.error = 'the server wrote an unusable answer: ' + e.message;
    }
  }
  return out;
}
