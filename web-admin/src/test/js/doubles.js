/**
 * Test doubles for the web client's modules, standing in for what only a browser has:
 * an EventSource, timers that run when the test says so, fetch answers. Each records what
 * the code under test did with it.
 */

/** Test double of the browser's EventSource: the test opens, fails and feeds it by hand. */
export class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  /** Every instance made, oldest first. */
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeEventSource.CONNECTING;
    this.listeners = {};
    this.closed = false;
    this.onopen = null;
    this.onerror = null;
    FakeEventSource.made.push(this);
  }

  addEventListener(event, handler) {
    (this.listeners[event] = this.listeners[event] || []).push(handler);
  }

  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }

  /** The connection is up. */
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen();
  }

  /** An error; readyState CLOSED means the server ended the stream, CONNECTING that the browser retries. */
  fail(readyState) {
    this.readyState = readyState;
    this.onerror();
  }

  /** A named event with its data, as the server sends it. */
  emit(event, data) {
    for (const handler of this.listeners[event] || []) {
      handler({ data });
    }
  }
}

/** Test double of setTimeout / clearTimeout: nothing runs until runNext(). */
export class ManualTimers {
  constructor() {
    this.pending = [];
    this.nextId = 1;
  }

  schedule(run, ms) {
    const timer = { id: this.nextId++, run, ms };
    this.pending.push(timer);
    return timer;
  }

  cancel(timer) {
    this.pending = this.pending.filter((t) => t !== timer);
  }

  /** Runs the oldest pending timer; returns its delay. */
  runNext() {
    const timer = this.pending.shift();
    if (!timer) {
      throw new Error('no timer is pending');
    }
    timer.run();
    return timer.ms;
  }
}

/** A status Listeners stand-in that keeps every event emitted. */
export class RecordedStatuses {
  constructor() {
    this.events = [];
  }

  emit(event) {
    this.events.push(event);
  }

  /** "status" or "status: detail" of each event, in order. */
  lines() {
    return this.events.map((e) => e.status + (e.detail ? ': ' + e.detail : ''));
  }
}

/**
 * Test double of fetch: answers each call with the next of the given answers, a
 * {status, body} or an Error to throw (the network failed), and records the calls.
 */
export function fakeFetch(...answers) {
  const calls = [];
  const fetchFn = async (url, init = {}) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (answer instanceof Error) {
      throw answer;
    }
    if (!answer) {
      throw new Error('fakeFetch: no answer left for ' + url);
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : body, { status: answer.status });
  };
  fetchFn.calls = calls;
  return fetchFn;
}
