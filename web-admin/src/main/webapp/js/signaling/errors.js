/**
 * The one error type of the signaling modules (signaling.js documents where it is thrown):
 * every promise of a Signaling or Channel object rejects with it. Its own module so the
 * backends (embedded.js, firestore.js, firebase.js, broadcast-requests.js) and signaling.js,
 * which loads them, need not import each other.
 */

/** A failed signaling call; message is the server's error text when it sent one. */
export class SignalingError extends Error {
  /** @param status the HTTP status of a failed REST call, or 0 */
  constructor(message, status = 0) {
    super(message);
    this.name = 'SignalingError';
    this.status = status;
  }
}
