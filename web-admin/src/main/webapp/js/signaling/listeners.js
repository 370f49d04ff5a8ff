/** A tiny listener list shared by the signaling backends; add() returns the unsubscribe function. */
export class Listeners {
  constructor() {
    this.set = new Set();
  }

  add(cb) {
    this.set.add(cb);
    return () => this.set.delete(cb);
  }

  emit(value) {
    for (const cb of Array.from(this.set)) {
      try {
        cb(value);
      } catch (e) {
        console.error('signaling listener failed', e);
      }
    }
  }
}

/**
 * The listener side of a Channel (signaling.js) that every backend shares: onDocument,
 * onDeleted, onRoom, onStatus, with the last document / room view replayed to a late
 * subscriber. A backend calls acceptDocument, acceptRoom, deleted and status.
 */
export class ChannelEvents {
  constructor() {
    this.documents = new Listeners();
    this.deletions = new Listeners();
    this.rooms = new Listeners();
    this.statuses = new Listeners();
    this.lastDocument = null;
    this.lastRoom = null;
  }

  acceptDocument(doc) {
    this.lastDocument = doc;
    this.documents.emit(doc);
  }

  acceptRoom(view) {
    this.lastRoom = view;
    this.rooms.emit(view);
  }

  onDocument(cb) {
    if (this.lastDocument) {
      queueMicrotask(() => cb(this.lastDocument));
    }
    return this.documents.add(cb);
  }

  onDeleted(cb) {
    return this.deletions.add(cb);
  }

  onRoom(cb) {
    if (this.lastRoom) {
      queueMicrotask(() => cb(this.lastRoom));
    }
    return this.rooms.add(cb);
  }

  onStatus(cb) {
    return this.statuses.add(cb);
  }
}
