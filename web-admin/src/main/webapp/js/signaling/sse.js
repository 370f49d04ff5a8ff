/**
 * A parser of the Server-Sent Events wire format (HTML Living Standard, "9.2.6 Interpreting
 * an event stream"): text chunks in, named events out. Lines end with CRLF, LF or CR (also
 * split across chunks); "event:" names the next event (default "message"), "data:" lines
 * join with "\n", a blank line dispatches, ":" lines are comments (the server's pings),
 * a leading byte order mark is dropped. "id" and "retry" are read past: the pages re-open
 * a stream with their own back-off (live-stream.js). Knows nothing of fetch (embedded.js
 * feeds it a response body).
 */
export class SseParser {
  /** onEvent(name, data) for each dispatched event. */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.data = null;
    this.event = '';
    this.started = false;
    this.afterCr = false;
  }

  push(text) {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xFEFF) {
        text = text.slice(1);
      }
    }
    this.buffer += text;
    let i;
    while ((i = this.buffer.search(/[\r\n]/)) >= 0) {
      const end = this.buffer[i];
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      if (this.afterCr && i === 0 && end === '\n') {
        this.afterCr = false; // the LF of a CRLF
        continue;
      }
      this.afterCr = end === '\r';
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.event = value;
    } else if (field === 'data') {
      this.data = this.data === null ? value : this.data + '\n' + value;
    }
  }

  dispatch() {
    const data = this.data;
    const name = this.event || 'message';
    this.data = null;
    this.event = '';
    if (data !== null) {
      this.onEvent(name, data);
    }
  }
}
