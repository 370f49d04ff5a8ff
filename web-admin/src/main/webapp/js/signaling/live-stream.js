/**
 * The base of every live subscription the signaling backends hold (embedded.js: a
 * Server-Sent Events stream read with fetch; firestore.js: an onSnapshot listener): it
 * reports the subscription's health and subscribes again, with doubling back-off, when the
 * source ends it.
 *
 * A subclass implements subscribe(), which starts its source and returns the function that
 * stops it, and tells the base what happened:
 *   opened()            the source delivers (the back-off starts again from its minimum)
 *   interrupted(detail) the source lost its connection and retries by itself
 *   ended(reason)       the source gave up: the base stops it and subscribes again later
 *   close(detail)       the source was refused for good (e.g. HTTP 403): no retry
 * and calls open() once at the end of its constructor.
 *
 * Health goes to a Listeners list (listeners.js) as {stream, status, detail} with status
 * "connecting" | "open" | "reconnecting" | "closed" (the Channel's onStatus in signaling.js),
 * each change once. Nothing here knows fetch, Server-Sent Events or Firestore.
 */
export const RETRY_MIN_MS = 1000;
export const RETRY_MAX_MS = 15000;

/** Doubling delays from minMs up to maxMs; reset() after a success. */
export class Backoff {
  constructor(minMs = RETRY_MIN_MS, maxMs = RETRY_MAX_MS) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.nextMs = minMs;
  }

  /** The delay to wait now; the one after it is twice as long (at most maxMs). */
  next() {
    const ms = this.nextMs;
    this.nextMs = Math.min(ms * 2, this.maxMs);
    return ms;
  }

  reset() {
    this.nextMs = this.minMs;
  }
}

/** The browser's timers; tests hand in their own. */
const WINDOW_TIMERS = {
  schedule: (run, ms) => setTimeout(run, ms),
  cancel: (timer) => clearTimeout(timer)
};

export class LiveStream {
  /**
   * @param name            the stream's name in status events ("room", "participant")
   * @param statusListeners a Listeners to report health to, or null to report nothing
   * @param backoff         delays between re-subscriptions
   * @param timers          {schedule(run, ms) -> timer, cancel(timer)}
   */
  constructor(name, statusListeners, { backoff = new Backoff(), timers = WINDOW_TIMERS } = {}) {
    this.name = name;
    this.statusListeners = statusListeners;
    this.backoff = backoff;
    this.timers = timers;
    this.closed = false;
    this.timer = null;
    this.stop = null;
    this.lastReported = null;
  }

  /** Subscribes (again). */
  open() {
    if (this.closed) {
      return;
    }
    this.timer = null;
    this.report('connecting');
    this.stop = this.subscribe();
  }

  /** Starts the source; returns the function that stops it. Each subclass implements it. */
  subscribe() {
    throw new Error(this.constructor.name + ' does not implement subscribe()');
  }

  opened() {
    if (this.closed) {
      return;
    }
    this.backoff.reset();
    this.report('open');
  }

  interrupted(detail) {
    if (!this.closed) {
      this.report('reconnecting', detail);
    }
  }

  ended(reason) {
    if (this.closed) {
      return;
    }
    this.stopSource();
    const ms = this.backoff.next();
    this.report('reconnecting', reason + '; retrying in ' + Math.round(ms / 1000) + ' s');
    this.timer = this.timers.schedule(() => this.open(), ms);
  }

  /** Stops for good, reporting closed with why when there is a reason (a refusal); safe to call twice. */
  close(detail) {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.timer !== null) {
      this.timers.cancel(this.timer);
      this.timer = null;
    }
    this.stopSource();
    this.report('closed', detail);
  }

  stopSource() {
    const stop = this.stop;
    this.stop = null;
    if (stop) {
      stop();
    }
  }

  report(status, detail) {
    const key = status + '\n' + (detail || '');
    if (!this.statusListeners || key === this.lastReported) {
      return;
    }
    this.lastReported = key;
    this.statusListeners.emit({ stream: this.name, status, detail });
  }
}
