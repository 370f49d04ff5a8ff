/**
 * The "firestore" signaling backend: the native rooms model (docs/signaling.md) written and
 * read directly with the Firebase JS SDK (bundled: js/vendor/firebase-firestore.js).
 * Implements the Signaling / Channel interface documented in signaling.js, with the same
 * document shapes the media server reads and writes (ParticipantSignaling, Fields):
 *
 *   rooms/{roomId}                         {title, uid} (the server adds state, lease)
 *   rooms/{roomId}/participants/{pid}      created {name, role, offer: {type, sdp, rev: 1}, uid};
 *                                          then only offer (higher rev) or leave: true.
 *                                          The server writes answer {type, sdp, rev}, state,
 *                                          error, renegotiate, slots, server, updatedAt.
 *                                          Readable by its owner (uid) only.
 *   rooms/{roomId}/roster/{pid}            {name, role, state}: who is in the room, written
 *                                          by the server, read by everyone admitted to it.
 *
 * uid is the page's Firebase user (firebase.js stamped()). Those are exactly the writes
 * docker/firestore/firestore.rules allows a browser. With ACCESS_MODE=token the page signs in
 * with its invite for the room (firebase.js, firebase-token.js) and joins only the room and
 * roles the invite names, under the invite's name when it has one. It does not
 * interpret documents (rtc/session.js does) and does not retry failed writes: a failed or
 * unconfirmed write rejects, and the page shows it. Listeners that fail are re-opened with
 * back-off; the SDK itself reconnects dropped connections.
 */
import {
  doc, collection, getDoc, getDocs, setDoc, updateDoc, onSnapshot
} from '../vendor/firebase-firestore.js';
import { SignalingError } from './errors.js';
import { ChannelEvents } from './listeners.js';
import { LiveStream } from './live-stream.js';
import { openFirestore, signInWithInvite, plain, confirmed, stamped, signInState } from './firebase.js';
import { inviteProblem } from './firebase-token.js';

const WRITE_TIMEOUT_MS = 20000;

/**
 * credentials: the page's tokens (signaling/access.js Credentials; token(roomId) is its join
 * token for a room), used when the server's signIn is "token": the page signs in with its
 * invite before it reads or writes anything of that room.
 */
export async function createSignaling({ apiBase, config, credentials }) {
  const db = await openFirestore(config);
  const roomRef = (roomId) => doc(db, 'rooms', roomId);
  /** Signed in for roomId (token mode), its invite checked (as role, when given); the invite's claims or null. */
  const admit = async (roomId, role) => {
    if (config.signIn === 'token') {
      await signInWithInvite(config, apiBase, roomId, credentials ? credentials.token(roomId) : null);
    }
    const claims = (signInState() || {}).claims || null;
    const problem = inviteProblem(claims, roomId, role);
    if (problem) {
      throw new SignalingError(problem);
    }
    return claims;
  };
  return {
    backend: config.backend,
    config,
    listRooms: async () => {
      const snapshot = await confirmed(getDocs(collection(db, 'rooms')), 'listing the rooms', WRITE_TIMEOUT_MS);
      return snapshot.docs.map(view);
    },
    getRoom: async (roomId) => {
      await admit(roomId);
      const snapshot = await confirmed(getDoc(roomRef(roomId)), 'reading room ' + roomId, WRITE_TIMEOUT_MS);
      return snapshot.exists() ? view(snapshot) : null;
    },
    createRoom: async (roomId, { title }) => {
      const claims = await admit(roomId);
      if (claims && !(claims.roles || []).includes('presenter')) {
        throw new SignalingError(notOpenYet(roomId), 403);
      }
      try {
        await confirmed(setDoc(roomRef(roomId), stamped({ title: title || roomId }), { merge: true }),
          'creating room ' + roomId, WRITE_TIMEOUT_MS);
      } catch (e) {
        // Another page created it first: the rules let only its creator write it.
        const now = e.code === 'permission-denied' ? await getDoc(roomRef(roomId)).catch(() => null) : null;
        if (!now || !now.exists()) {
          throw e;
        }
      }
      return view(await getDoc(roomRef(roomId)));
    },
    join: async (identity) => {
      const claims = await admit(identity.roomId, identity.role);
      if (claims && !(claims.roles || []).includes('presenter') && !(await getDoc(roomRef(identity.roomId))).exists()) {
        throw new SignalingError(notOpenYet(identity.roomId), 403);
      }
      // An invite that names its holder joins under that name (the rules allow no other).
      const name = claims && claims.displayName ? claims.displayName : identity.name;
      return new FirestoreChannel(db, Object.assign({}, identity, { name }));
    }
  };
}

/** Why an invited viewer cannot be in a room that does not exist (only a presenter's invite creates it). */
function notOpenYet(roomId) {
  return 'room "' + roomId + '" has not been opened yet: its presenter opens it. Try again once the meeting has started.';
}

/** A document as the pages see it: {id, ...fields} with Timestamps as ISO strings. */
function view(snapshot) {
  return Object.assign({ id: snapshot.id }, plain(snapshot.data() || {}));
}

/**
 * One onSnapshot listener as a LiveStream: a snapshot from the server is "open", one from
 * the cache means Firestore is unreachable (the SDK reconnects by itself); an error ends the
 * listener and the base subscribes again after a back-off.
 */
class SnapshotStream extends LiveStream {
  constructor(ref, name, onValue, statusListeners) {
    super(name, statusListeners);
    this.ref = ref;
    this.onValue = onValue;
    this.open();
  }

  subscribe() {
    return onSnapshot(this.ref, { includeMetadataChanges: true }, (snapshot) => {
      if (snapshot.metadata.fromCache) {
        this.interrupted('Firestore is unreachable; showing the last known state');
      } else {
        this.opened();
      }
      this.onValue(snapshot);
    }, (error) => this.ended('Firestore ended the subscription (' + (error.code || error.message) + ')'));
  }
}

class FirestoreChannel extends ChannelEvents {
  constructor(db, { roomId, participantId, name, role }) {
    super();
    this.roomId = roomId;
    this.participantId = participantId;
    this.name = name;
    this.role = role;
    this.ref = doc(db, 'rooms', roomId, 'participants', participantId);
    this.created = false;
    this.existed = false;
    this.left = false;
    this.roomDoc = { id: roomId };
    this.people = [];
    this.participantQuery = null;
    // The room view is two listeners; the participants one reports the "room" stream's health.
    this.roomQuery = new SnapshotStream(doc(db, 'rooms', roomId), 'room', (snapshot) => {
      this.roomDoc = view(snapshot);
      this.emitRoom();
    }, null);
    this.peopleQuery = new SnapshotStream(collection(db, 'rooms', roomId, 'roster'), 'room', (snapshot) => {
      this.people = snapshot.docs.map((d) => {
        const data = d.data();
        return { id: d.id, name: data.name || '', role: data.role || '', state: data.state || '' };
      });
      this.emitRoom();
    }, this.statuses);
  }

  emitRoom() {
    this.acceptRoom({ room: this.roomDoc, participants: this.people });
  }

  async sendOffer(sdp, rev) {
    if (this.left) {
      throw new SignalingError('already left the room');
    }
    const offer = { type: 'offer', sdp, rev };
    if (!this.created) {
      await confirmed(setDoc(this.ref, stamped({ name: this.name, role: this.role, offer })),
        'writing the offer', WRITE_TIMEOUT_MS);
      this.created = true;
      this.participantQuery = new SnapshotStream(this.ref, 'participant', (snapshot) => this.accept(snapshot),
        this.statuses);
    } else {
      await confirmed(updateDoc(this.ref, { offer }), 'writing offer ' + rev, WRITE_TIMEOUT_MS);
    }
    return this.lastDocument;
  }

  accept(snapshot) {
    if (!snapshot.exists()) {
      if (this.existed) {
        this.deletions.emit();
        this.participantQuery.close();
      }
      return;
    }
    this.existed = true;
    this.acceptDocument(view(snapshot));
  }

  closeQueries() {
    if (this.participantQuery) {
      this.participantQuery.close();
    }
    this.roomQuery.close();
    this.peopleQuery.close();
  }

  async leave() {
    if (this.left) {
      return;
    }
    this.left = true;
    this.closeQueries();
    if (this.created) {
      try {
        await confirmed(updateDoc(this.ref, { leave: true }), 'leaving', WRITE_TIMEOUT_MS);
      } catch (e) {
        if (e.code !== 'not-found') {
          throw e;
        }
      }
    }
  }

  leaveOnUnload() {
    if (this.left) {
      return;
    }
    this.left = true;
    this.closeQueries();
    if (this.created) {
      updateDoc(this.ref, { leave: true }).catch(() => { /* the page is going away */ });
    }
  }
}
