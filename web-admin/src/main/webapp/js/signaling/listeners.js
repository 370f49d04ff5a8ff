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
