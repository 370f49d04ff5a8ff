/**
 * Test doubles for the web client's modules, standing in for what only a browser or a
 * server has: timers that run when the test says so, fetch answers (fixed or by route),
 * a streamed response body, sessionStorage. Each records what the code under test did with it.
 */

/**
 * A response body the test writes into by hand (the server side of an SSE stream):
 * push(text) sends a chunk, end() closes the body, fail(error) breaks the connection.
 */
export class ControlledBody {
  constructor() {
    this.stream = new ReadableStream({
      start: (controller) => { this.controller = controller; },
      cancel: () => { this.cancelled = true; }
    });
    this.cancelled = false;
  }

  push(text) {
    this.controller.enqueue(new TextEncoder().encode(text));
  }

  end() {
    this.controller.close();
  }

  fail(error) {
    this.controller.error(error);
  }
}

/**
 * Test double of fetch that answers by route: routes is a list of [method, urlPattern,
 * answer]; answer is a function (init) -> {status, body} | Response | Error, called for each
 * matching request. Every call is recorded with its headers.
 */
export function routedFetch(routes) {
  const calls = [];
  const fetchFn = async (url, init = {}) => {
    const method = init.method || 'GET';
    calls.push({ method, url, init });
    const route = routes.find(([m, pattern]) => m === method && pattern.test(url));
    if (!route) {
      throw new Error('routedFetch: no route for ' + method + ' ' + url);
    }
    const answer = route[2](init);
    if (answer instanceof Error) {
      throw answer;
    }
    if (answer instanceof Response) {
      return answer;
    }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : body, { status: answer.status });
  };
  fetchFn.calls = calls;
  return fetchFn;
}

/** Test double of sessionStorage: a Map behind getItem / setItem / removeItem. */
export class MemoryStorage {
  constructor() {
    this.map = new Map();
  }

  getItem(key) {
    return this.map.has(key) ? this.map.get(key) : null;
  }

  setItem(key, value) {
    this.map.set(key, String(value));
  }

  removeItem(key) {
    this.map.delete(key);
  }
}

/** Lets pending promise callbacks (a fetch answer, a body chunk) run. */
export function settle() {
  return new Promise((resolve) => setTimeout(resolve, 0));
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
