/**
 * The token exchange of the Firestore backend in ACCESS_MODE=token (GET /api/config signIn
 * "token"): the page's join token (from its invite link) goes to
 * POST {apiBase}/auth/firebase-token {room} as a bearer token, and the server answers
 *   {customToken, uid, claims: {room, roles, identity, displayName?}, expiresAt}
 * with a Firebase custom token whose claims the security rules check
 * (docker/firestore/firestore.rules). firebase.js signs in with it. The join token travels
 * only in the Authorization header, never in a URL.
 *
 * Only the exchange and the check of an invite against the room and role a page wants; not
 * the sign-in itself (firebase.js) nor where the page found its join token.
 */
import { SignalingError } from './errors.js';
import { RestClient } from './embedded.js';

/** The exchange's answer for roomId; rejects with SignalingError carrying the server's own words. */
export async function exchangeJoinToken(apiBase, roomId, joinToken, fetchFn) {
  if (!joinToken) {
    throw new SignalingError('this meeting server admits invited people only: open the invite link'
      + ' you were given (it carries your join token)');
  }
  const api = new RestClient(apiBase, fetchFn);
  const answer = await api.request('POST', '/auth/firebase-token', { room: roomId },
    { headers: { Accept: 'application/json', Authorization: 'Bearer ' + joinToken } });
  if (!answer || typeof answer.customToken !== 'string' || !answer.claims || typeof answer.claims.room !== 'string') {
    throw new SignalingError('the token exchange (POST ' + apiBase + '/auth/firebase-token) answered without'
      + ' a custom token and its claims');
  }
  return answer;
}

/**
 * Why the invite (the exchange's claims) does not let this page into roomId (as role, when
 * given), in words for the page; null when it does, or when the page has no invite (open
 * mode). The rules refuse it anyway: this only says why first.
 */
export function inviteProblem(claims, roomId, role) {
  if (!claims) {
    return null;
  }
  if (claims.room !== roomId) {
    return 'your invite is for room "' + claims.room + '", not "' + roomId + '"';
  }
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (role !== undefined && !roles.includes(role)) {
    return 'your invite does not allow joining as ' + role + ' (it allows: ' + (roles.join(', ') || 'nothing') + ')';
  }
  return null;
}
