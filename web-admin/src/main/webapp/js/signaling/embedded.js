/**
 * The "embedded" signaling backend: the media server's own REST + Server-Sent Events API
 * under {apiBase} (default /meeting/api). Implements the Signaling / Channel interface
 * documented in signaling.js; nothing else in the pages knows these URLs.
 *
 *   GET    /rooms                                   -> [RoomDoc]
 *   GET    /rooms/{roomId}                          -> RoomDoc (404: none)
 *   PUT    /rooms/{roomId}                          {title} -> RoomDoc (+ roomKey, once, to its creator)
 *   PUT    /rooms/{roomId}/participants/{pid}       {name, role, offer} -> ParticipantDoc (+ participantKey, once)
 *   PATCH  /rooms/{roomId}/participants/{pid}       {offer} | {leave: true}
 *   GET    /rooms/{roomId}/participants/{pid}       -> ParticipantDoc
 *   GET    /rooms/{roomId}/participants/{pid}/events  SSE: "document" (whole doc), "deleted"
 *   GET    /rooms/{roomId}/events                     SSE: "room" ({room, participants})
 *
 * Every request shows what the page holds (access.js Credentials): the invitation's join
 * token (Authorization: Bearer), the participant key (X-Participant-Key; only its holder
 * may read, re-offer, leave or stream a participant) and a room key (X-Room-Key). The
 * streams are read with fetch, which can send those headers (EventSource cannot), and
 * parsed by sse.js. A key the server answers is kept, and taken out of the document the
 * page sees.
 *
 * It does not interpret documents (rtc/session.js does) and does not retry failed writes:
 * a failed write rejects, and the page shows it. Live streams are re-opened after a drop,
 * not after a refusal (4xx), which the stream's status reports.
 */
import { SignalingError } from './errors.js';
import { ChannelEvents } from './listeners.js';
import { LiveStream } from './live-stream.js';
import { Credentials } from './access.js';
import { SseParser } from './sse.js';

const JSON_TYPE = 'application/json';

export function createSignaling({ apiBase, config, credentials = new Credentials() }) {
  const api = new RestClient(apiBase);
  return {
    backend: config.backend,
    config,
    listRooms: () => api.request('GET', '/rooms'),
    getRoom: async (roomId) => {
      try {
        return await api.request('GET', roomPath(roomId), undefined, { headers: credentials.headers(roomId) });
      } catch (e) {
        if (e.status === 404) {
          return null;
        }
        throw e;
      }
    },
    createRoom: async (roomId, { title }) => {
      const doc = await api.request('PUT', roomPath(roomId), { title }, { headers: credentials.headers(roomId) });
      if (doc && doc.roomKey) {
        credentials.setRoomKey(roomId, doc.roomKey);
        delete doc.roomKey;
      }
      return doc;
    },
    join: async (identity) => new EmbeddedChannel(api, credentials, identity)
  };
}

function roomPath(roomId) {
  return '/rooms/' + encodeURIComponent(roomId);
}

function participantPath(roomId, participantId) {
  return roomPath(roomId) + '/participants/' + encodeURIComponent(participantId);
}

/** JSON over fetch; non-2xx answers become SignalingError with the server's error text. */
export class RestClient {
  /** fetchFn: the browser's fetch unless a test hands in its own. */
  constructor(apiBase, fetchFn = (...args) => globalThis.fetch(...args)) {
    this.apiBase = apiBase;
    this.fetch = fetchFn;
  }

  url(path) {
    return this.apiBase + path;
  }

  /** extra: more fetch options; extra.headers are added to the JSON ones. */
  async request(method, path, body, extra = {}) {
    const init = Object.assign({}, extra, { method, headers: Object.assign({ Accept: JSON_TYPE }, extra.headers) });
    if (body !== undefined) {
      init.headers['Content-Type'] = JSON_TYPE;
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(this.url(path), init);
    } catch (e) {
      throw new SignalingError(method + ' ' + path + ': server unreachable (' + e.message + ')');
    }
    const text = await response.text();
    if (!response.ok) {
      throw new SignalingError(errorText(method, path, response.status, text), response.status);
    }
    if (!text) {
      return null;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new SignalingError(method + ' ' + path + ': the server sent invalid JSON',
        response.status);
    }
  }
}

/** The server's own words first ("room already has a presenter (HTTP 409)"). */
export function errorText(method, path, status, text) {
  let detail = text;
  try {
    const parsed = JSON.parse(text);
    detail = parsed.error || parsed.message || parsed.title || text;
  } catch (e) {
    // plain-text error body
  }
  detail = String(detail || '').trim().slice(0, 300);
  return detail ? detail + ' (HTTP ' + status + ')'
    : method + ' ' + path + ' failed (HTTP ' + status + ')';
}

/**
 * A Server-Sent Events stream read with fetch, as a LiveStream: the response body is fed
 * to an SseParser and each named event's data to its handler. A stream the server ends, or
 * a lost connection, is opened again after the back-off; an answer of 4xx (refused, not
 * found) closes it for good with the server's words as the status detail.
 * handlers: {eventName: (data) => ...}; headers(): the request headers, asked anew at each
 * (re)connection.
 */
export class FetchEventStream extends LiveStream {
  /** options: LiveStream's, headers, and fetchFn (default the browser's fetch). */
  constructor(url, name, handlers, statusListeners,
    { headers = () => ({}), fetchFn = (...args) => globalThis.fetch(...args), ...options } = {}) {
    super(name, statusListeners, options);
    this.url = url;
    this.handlers = handlers;
    this.headers = headers;
    this.fetchFn = fetchFn;
    this.open();
  }

  subscribe() {
    const controller = new AbortController();
    this.read(controller.signal);
    return () => controller.abort();
  }

  async read(signal) {
    let response;
    try {
      response = await this.fetchFn(this.url, {
        headers: Object.assign({ Accept: 'text/event-stream' }, this.headers()),
        cache: 'no-store',
        signal
      });
    } catch (e) {
      if (!signal.aborted) {
        this.ended('server unreachable (' + e.message + ')');
      }
      return;
    }
    if (!response.ok) {
      const detail = errorText('GET', this.url, response.status, await response.text().catch(() => ''));
      if (!signal.aborted) {
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          this.close(detail);
        } else {
          this.ended(detail);
        }
      }
      return;
    }
    this.opened();
    const parser = new SseParser((event, data) => {
      const handle = this.handlers[event];
      if (handle && !signal.aborted) {
        handle(data);
      }
    });
    const decoder = new TextDecoder();
    try {
      const reader = response.body.getReader();
      signal.addEventListener('abort', () => reader.cancel().catch(() => { /* already ended */ }));
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal.aborted) {
          break;
        }
        parser.push(decoder.decode(value, { stream: true }));
      }
      if (!signal.aborted) {
        this.ended('the server closed the stream');
      }
    } catch (e) {
      if (!signal.aborted) {
        this.ended('connection lost (' + e.message + ')');
      }
    }
  }
}

/** True when document a was written before b (their server-written updatedAt). */
export function olderThan(a, b) {
  const at = b ? Date.parse(a.updatedAt) : NaN;
  const bt = b ? Date.parse(b.updatedAt) : NaN;
  return !Number.isNaN(at) && !Number.isNaN(bt) && at < bt;
}

function parseJson(data, what) {
  try {
    return JSON.parse(data);
  } catch (e) {
    console.error('ignoring a malformed ' + what + ' event', data);
    return null;
  }
}

class EmbeddedChannel extends ChannelEvents {
  constructor(api, credentials, { roomId, participantId, name, role }) {
    super();
    this.api = api;
    this.credentials = credentials;
    this.roomId = roomId;
    this.participantId = participantId;
    this.name = name;
    this.role = role;
    this.path = participantPath(roomId, participantId);
    this.created = false;
    this.left = false;
    this.participantStream = null;
    this.roomStream = new FetchEventStream(api.url(roomPath(roomId) + '/events'), 'room', {
      room: (data) => {
        const value = parseJson(data, 'room');
        if (value) {
          this.acceptRoom(value);
        }
      }
    }, this.statuses, { headers: () => this.headers(), fetchFn: this.api.fetch });
  }

  /** The token, room key and (once joined) participant key of this participant's room. */
  headers() {
    return this.credentials.headers(this.roomId, this.participantId);
  }

  async sendOffer(sdp, rev) {
    if (this.left) {
      throw new SignalingError('already left the room');
    }
    const offer = { type: 'offer', sdp, rev };
    let doc;
    if (!this.created) {
      doc = await this.api.request('PUT', this.path, { name: this.name, role: this.role, offer }, { headers: this.headers() });
      if (doc && doc.participantKey) {
        this.credentials.setParticipantKey(this.roomId, this.participantId, doc.participantKey);
        delete doc.participantKey;
      }
      this.created = true;
      this.openParticipantStream();
    } else {
      doc = await this.api.request('PATCH', this.path, { offer }, { headers: this.headers() });
    }
    // The stream may already have brought a newer version (the server's answer) while the
    // write was under way: the write's own answer must not put the older one back.
    if (doc && typeof doc === 'object' && !olderThan(doc, this.lastDocument)) {
      this.acceptDocument(doc);
    }
    return doc;
  }

  openParticipantStream() {
    this.participantStream = new FetchEventStream(this.api.url(this.path + '/events'), 'participant', {
      document: (data) => {
        const doc = parseJson(data, 'document');
        if (doc) {
          this.acceptDocument(doc);
        }
      },
      deleted: () => {
        this.deletions.emit();
        this.participantStream.close();
      }
    }, this.statuses, { headers: () => this.headers(), fetchFn: this.api.fetch });
  }

  closeStreams() {
    if (this.participantStream) {
      this.participantStream.close();
    }
    this.roomStream.close();
  }

  async leave() {
    if (this.left) {
      return;
    }
    this.left = true;
    this.closeStreams();
    if (!this.created) {
      return;
    }
    try {
      await this.api.request('PATCH', this.path, { leave: true }, { headers: this.headers() });
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
    } finally {
      this.credentials.forgetParticipant(this.roomId, this.participantId);
    }
  }

  leaveOnUnload() {
    if (this.left) {
      return;
    }
    this.left = true;
    this.closeStreams();
    if (this.created) {
      this.api.fetch(this.api.url(this.path), {
        method: 'PATCH',
        keepalive: true,
        headers: Object.assign({ 'Content-Type': JSON_TYPE }, this.headers()),
        body: JSON.stringify({ leave: true })
      }).catch(() => { /* the page is going away */ });
    }
  }
}
