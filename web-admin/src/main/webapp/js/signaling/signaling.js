/**
 * The one signaling interface the pages use. Page logic (lobby.js, room.js, rtc/session.js)
 * talks only to the objects described here; each store is one backend module:
 * embedded.js (the server's REST + SSE API) and firestore.js (Firebase JS SDK, native rooms).
 *
 * openSignaling({apiBase, credentials}) reads GET {apiBase}/config -> {"backend": "embedded" |
 * "firestore", "access": "open" | "token", ...; on Firestore also firebase, firestoreEmulator,
 * signIn (see firebase.js)}, loads the backend module named there and returns its Signaling
 * object. credentials (access.js Credentials: the invitation's join token, participant and
 * room keys) go to the backend; by default a Credentials over sessionStorage.
 *
 * Signaling (one per page):
 *   backend                      string, e.g. "embedded"
 *   config                       the GET /config document; config.iceServers (optional)
 *                                is handed to RTCPeerConnection (e.g. a TURN server)
 *   listRooms()                  -> Promise<RoomDoc[]>
 *   getRoom(roomId)              -> Promise<RoomDoc | null>   (null: no such room)
 *   createRoom(roomId, {title})  -> Promise<RoomDoc>          (create or update)
 *   join({roomId, participantId, name, role})  -> Promise<Channel>
 *       role is "presenter" | "viewer". Joining writes nothing yet: the participant
 *       document is created by the first sendOffer (an offer is mandatory in it).
 *
 * Channel (one per participant session):
 *   sendOffer(sdp, rev)  -> Promise<ParticipantDoc>
 *       rev 1 creates the participant document {name, role, offer}; a higher rev replaces
 *       the offer (renegotiation). The SDP carries every ICE candidate (no trickle).
 *   onDocument(cb)       cb(ParticipantDoc) with the current document as soon as it exists,
 *                        then on each change. Returns an unsubscribe function.
 *   onDeleted(cb)        cb() when the participant document is removed by the server.
 *   onRoom(cb)           cb({room: RoomDoc, participants: [{id, name, role, state}]})
 *                        now and on each change of the room or its participants.
 *   onStatus(cb)         cb({stream: "participant" | "room",
 *                            status: "connecting" | "open" | "reconnecting" | "closed",
 *                            detail?: string}) — health of the live subscriptions.
 *   leave()              -> Promise<void>: marks the participant as leaving and stops
 *                        every subscription. Safe to call twice.
 *   leaveOnUnload()      best-effort leave from a pagehide handler (must not await).
 *
 * ParticipantDoc: {id, name, role, offer: {type, sdp, rev}, answer: {type, sdp, rev},
 *   state: "new" | "answered" | "connected" | "failed" | "error" | "left",
 *   error, leave, renegotiate, slots, updatedAt}
 *   The media server writes answer (answer.rev = the offer rev it answers), state, error,
 *   and renegotiate: true when the client must send a new offer (rev + 1); with it, for a
 *   viewer short of receive slots, slots: {audio, video} (how many it needs in all).
 *
 * Errors: every promise rejects with SignalingError (errors.js; status: HTTP status or 0).
 */

import { SignalingError } from './errors.js';

export { SignalingError };

/** Backend modules by the name GET /config announces; each exports createSignaling(). */
const BACKENDS = {
  embedded: () => import('./embedded.js'),
  firestore: () => import('./firestore.js')
};

/** The REST base next to the page: /meeting/room.html -> /meeting/api. */
export function defaultApiBase() {
  return new URL('api', document.baseURI).pathname;
}

/** Reads the server's signaling configuration and opens the backend it names. */
export async function openSignaling({ apiBase = defaultApiBase(), credentials } = {}) {
  let response;
  try {
    response = await fetch(apiBase + '/config', { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new SignalingError('cannot reach the meeting server: ' + e.message);
  }
  if (!response.ok) {
    throw new SignalingError('GET ' + apiBase + '/config failed: HTTP ' + response.status,
      response.status);
  }
  const config = await response.json();
  const load = BACKENDS[config.backend];
  if (!load) {
    throw new SignalingError('this page does not support the signaling backend "'
      + config.backend + '"');
  }
  const module = await load();
  return module.createSignaling({ apiBase, config, credentials });
}

/** Room and participant ids: what every backend accepts (URL path segment, document id). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isValidId(id) {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** A fresh participant id for one page session. */
export function newParticipantId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
