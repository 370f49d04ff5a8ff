/**
 * A Channel (see signaling.js) over one document of the family-meeting web client's flat
 * broadcast_requests collection (docs/signaling.md), written with the Firebase JS SDK in
 * exactly the old client's shapes (broadcast-request-codec.js), so rtc/session.js drives it
 * like a native participant:
 *
 *   created  {requestor, kind: "broadcaster" | "participant", parent ("" or the broadcaster's
 *            document id), offer: base64 of JSON {type: "offer", sdp}, answer: "", abort: false,
 *            uid (the page's Firebase user, when signed in: only it reads and aborts the
 *            document; the original client writes none, see LEGACY_BROADCAST_REQUESTS)}
 *   server   answer: base64 of JSON {type: "answer", sdp} (every candidate in it), state
 *            ("answered" | "error" | "aborted" | "ended" | "failed"), error, server, answeredAt
 *   client   abort: true ends the broadcast (with its participants) or the participant.
 *
 * That client never renegotiates: only offer rev 1 exists. A broadcast that ended ("aborted"
 * by its own abort, "ended" when its broadcaster aborted or failed, "failed" when its own media
 * connection failed) reaches the session as state "left".
 */
import { doc, setDoc, updateDoc, onSnapshot } from '../vendor/firebase-firestore.js';
import { SignalingError } from './errors.js';
import { ChannelEvents } from './listeners.js';
import { plain, confirmed, stamped } from './firebase.js';
import { encodeDescription, participantDoc } from './broadcast-request-codec.js';

export const COLLECTION = 'broadcast_requests';
const WRITE_TIMEOUT_MS = 20000;

/** onRoom never fires: broadcast_requests has no room documents. */
export class BroadcastRequestChannel extends ChannelEvents {
  /**
   * @param db         Firestore (firebase.js openFirestore)
   * @param requestId  this document's id (a fresh random id per page session)
   * @param requestor  display name
   * @param kind       "broadcaster" | "participant"
   * @param parent     "" for a broadcaster, else the broadcaster's document id
   */
  constructor(db, { requestId, requestor, kind, parent }) {
    super();
    this.requestId = requestId;
    this.requestor = requestor;
    this.kind = kind;
    this.parent = kind === 'broadcaster' ? '' : parent;
    this.ref = doc(db, COLLECTION, requestId);
    this.created = false;
    this.existed = false;
    this.aborted = false;
    this.raw = null;             // the document as stored (base64 fields)
    this.unsubscribe = null;
  }

  async sendOffer(sdp, rev) {
    if (this.aborted) {
      throw new SignalingError('this request was aborted');
    }
    if (rev !== 1 || this.created) {
      throw new SignalingError('broadcast_requests cannot renegotiate: one offer per document');
    }
    await confirmed(setDoc(this.ref, stamped({
      requestor: this.requestor,
      kind: this.kind,
      parent: this.parent,
      offer: encodeDescription({ type: 'offer', sdp }),
      answer: '',
      abort: false
    })), 'writing the offer', WRITE_TIMEOUT_MS);
    this.created = true;
    this.listen();
    return this.lastDocument;
  }

  listen() {
    this.statuses.emit({ stream: 'participant', status: 'connecting' });
    this.unsubscribe = onSnapshot(this.ref, { includeMetadataChanges: true }, (snapshot) => {
      this.statuses.emit({ stream: 'participant', status: snapshot.metadata.fromCache ? 'reconnecting' : 'open' });
      if (!snapshot.exists()) {
        if (this.existed) {
          this.deletions.emit();
        }
        return;
      }
      this.existed = true;
      this.raw = Object.assign({ id: snapshot.id }, plain(snapshot.data()));
      this.acceptDocument(participantDoc(this.raw));
    }, (error) => {
      this.statuses.emit({ stream: 'participant', status: 'closed', detail: error.code || error.message });
    });
  }

  /** abort: true (the old client's leave / end); the listener stays to show the final state. */
  async leave() {
    if (this.aborted) {
      return;
    }
    this.aborted = true;
    if (this.created) {
      await confirmed(updateDoc(this.ref, { abort: true }), 'aborting', WRITE_TIMEOUT_MS);
    }
  }

  leaveOnUnload() {
    if (!this.aborted && this.created) {
      this.aborted = true;
      updateDoc(this.ref, { abort: true }).catch(() => { /* the page is going away */ });
    }
    this.close();
  }

  close() {
    if (this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }
}
