/**
 * What a page shows the meeting server to be let in (embedded store, see embedded.js):
 * the join token of an invitation link, the participant key the server answers once per
 * join, and a room key the server answers once to a room's creator. Tokens and keys are
 * kept in sessionStorage (this tab only; gone when it closes), never in a URL: a token
 * arrives in the link's fragment (#token=...), which the page removes from the address bar.
 *
 * readClaims() decodes a token's claims for display (room, name, roles) without checking
 * them: the server verifies every token. Nothing here talks to the server.
 */
const TOKEN = 'familymeeting.token.';
const PARTICIPANT_KEY = 'familymeeting.participantKey.';
const ROOM_KEY = 'familymeeting.roomKey.';

export const PARTICIPANT_KEY_HEADER = 'X-Participant-Key';
export const ROOM_KEY_HEADER = 'X-Room-Key';

/** The join token a link carries (#token=..., or ?token=...), or null. */
export function tokenFromUrl(href) {
  const url = new URL(href);
  return new URLSearchParams(url.hash.slice(1)).get('token') || url.searchParams.get('token') || null;
}

/** The link without its token, for history.replaceState. */
export function withoutToken(href) {
  const url = new URL(href);
  const hash = new URLSearchParams(url.hash.slice(1));
  hash.delete('token');
  url.searchParams.delete('token');
  url.hash = hash.toString();
  return url.pathname + url.search + url.hash;
}

/** A join token's claims ({sub, name, room, roles, exp, ...}), unverified; null if it is not a JWT. */
export function readClaims(token) {
  const parts = String(token || '').split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch (e) {
    return null;
  }
}

/** The role a token's holder most likely wants: presenter when it may present, else viewer. */
export function preferredRole(claims) {
  return claims && Array.isArray(claims.roles) && claims.roles.includes('presenter') ? 'presenter' : 'viewer';
}

/** A page's tokens and keys in a Storage (sessionStorage; tests hand in their own). */
export class Credentials {
  constructor(storage = defaultStorage()) {
    this.storage = storage;
  }

  /** Keeps a token for the room its claims name; returns the claims, or null for a token that is not a JWT. */
  setToken(token) {
    const claims = readClaims(token);
    if (claims && typeof claims.room === 'string') {
      this.storage.setItem(TOKEN + claims.room, token);
    }
    return claims;
  }

  token(roomId) {
    return this.storage.getItem(TOKEN + roomId);
  }

  setParticipantKey(roomId, participantId, key) {
    this.storage.setItem(PARTICIPANT_KEY + roomId + '/' + participantId, key);
  }

  participantKey(roomId, participantId) {
    return this.storage.getItem(PARTICIPANT_KEY + roomId + '/' + participantId);
  }

  forgetParticipant(roomId, participantId) {
    this.storage.removeItem(PARTICIPANT_KEY + roomId + '/' + participantId);
  }

  setRoomKey(roomId, key) {
    this.storage.setItem(ROOM_KEY + roomId, key);
  }

  roomKey(roomId) {
    return this.storage.getItem(ROOM_KEY + roomId);
  }

  /** The headers that show what this page holds for a room (and one of its participants). */
  headers(roomId, participantId) {
    const headers = {};
    const token = roomId ? this.token(roomId) : null;
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const roomKey = roomId ? this.roomKey(roomId) : null;
    if (roomKey) {
      headers[ROOM_KEY_HEADER] = roomKey;
    }
    const key = roomId && participantId ? this.participantKey(roomId, participantId) : null;
    if (key) {
      headers[PARTICIPANT_KEY_HEADER] = key;
    }
    return headers;
  }
}

/** sessionStorage where there is one (pages), else a Map for this page's life. */
function defaultStorage() {
  if (globalThis.sessionStorage) {
    return globalThis.sessionStorage;
  }
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k)
  };
}
