/**
 * The "embedded" signaling backend: the media server's own REST + Server-Sent Events API
 * under {apiBase} (default /meeting/api). Implements the Signaling / Channel interface
 * documented in signaling.js; nothing else in the pages knows these URLs.
 *
 *   GET    /rooms                                   -> [RoomDoc]
 *   GET    /rooms/{roomId}                          -> RoomDoc (404: none)
 *   PUT    /rooms/{roomId}                          {title} -> RoomDoc
 *   PUT    /rooms/{roomId}/participants/{pid}       {name, role, offer} -> ParticipantDoc
 *   PATCH  /rooms/{roomId}/participants/{pid}       {offer} | {leave: true}
 *   GET    /rooms/{roomId}/participants/{pid}/events  SSE: "document" (whole doc), "deleted"
 *   GET    /rooms/{roomId}/events                     SSE: "room" ({room, participants})
 *
 * It does not interpret documents (rtc/session.js does) and does not retry failed writes:
 * a failed write rejects, and the page shows it. Live streams are re-opened after a drop.
 */
import { SignalingError } from './errors.js';
import { ChannelEvents } from './listeners.js';
import { LiveStream } from './live-stream.js';

const JSON_TYPE = 'application/json';

export function createSignaling({ apiBase, config }) {
  const api = new RestClient(apiBase);
  return {
    backend: config.backend,
    config,
    listRooms: () => api.request('GET', '/rooms'),
    getRoom: async (roomId) => {
      try {
        return await api.request('GET', roomPath(roomId));
      } catch (e) {
        if (e.status === 404) {
          return null;
        }
        throw e;
      }
    },
    createRoom: (roomId, { title }) => api.request('PUT', roomPath(roomId), { title }),
    join: async (identity) => new EmbeddedChannel(api, identity)
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

  async request(method, path, body, extra = {}) {
    const init = Object.assign({ method, headers: { Accept: JSON_TYPE } }, extra);
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
 * A Server-Sent Events stream (EventSource) as a LiveStream: the browser retries plain
 * connection drops itself (interrupted); when the server closes the stream for good the
 * base opens a new one after a back-off. handlers: {eventName: (data) => ...}.
 */
export class EventSourceStream extends LiveStream {
  /** options: LiveStream's, and EventSourceClass (default the browser's EventSource). */
  constructor(url, name, handlers, statusListeners, { EventSourceClass = globalThis.EventSource, ...options } = {}) {
    super(name, statusListeners, options);
    this.url = url;
    this.handlers = handlers;
    this.EventSourceClass = EventSourceClass;
    this.open();
  }

  subscribe() {
    const source = new this.EventSourceClass(this.url);
    source.onopen = () => this.opened();
    source.onerror = () => {
      if (source.readyState === this.EventSourceClass.CLOSED) {
        this.ended('the server closed the stream');
      } else {
        this.interrupted('connection lost; the browser is retrying');
      }
    };
    for (const [event, handle] of Object.entries(this.handlers)) {
      source.addEventListener(event, (e) => handle(e.data));
    }
    return () => source.close();
  }
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
  constructor(api, { roomId, participantId, name, role }) {
    super();
    this.api = api;
    this.roomId = roomId;
    this.participantId = participantId;
    this.name = name;
    this.role = role;
    this.path = participantPath(roomId, participantId);
    this.created = false;
    this.left = false;
    this.participantStream = null;
    this.roomStream = new EventSourceStream(api.url(roomPath(roomId) + '/events'), 'room', {
      room: (data) => {
        const value = parseJson(data, 'room');
        if (value) {
          this.acceptRoom(value);
        }
      }
    }, this.statuses);
  }

  async sendOffer(sdp, rev) {
    if (this.left) {
      throw new SignalingError('already left the room');
    }
    const offer = { type: 'offer', sdp, rev };
    let doc;
    if (!this.created) {
      doc = await this.api.request('PUT', this.path, { name: this.name, role: this.role, offer });
      this.created = true;
      this.openParticipantStream();
    } else {
      doc = await this.api.request('PATCH', this.path, { offer });
    }
    if (doc && typeof doc === 'object') {
      this.acceptDocument(doc);
    }
    return doc;
  }

  openParticipantStream() {
    this.participantStream = new EventSourceStream(this.api.url(this.path + '/events'), 'participant', {
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
    }, this.statuses);
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
      await this.api.request('PATCH', this.path, { leave: true });
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
    }
  }

  leaveOnUnload() {
    if (this.left) {
      return;
    }
    this.left = true;
    this.closeStreams();
    if (this.created) {
      fetch(this.api.url(this.path), {
        method: 'PATCH',
        keepalive: true,
        headers: { 'Content-Type': JSON_TYPE },
        body: JSON.stringify({ leave: true })
      }).catch(() => { /* the page is going away */ });
    }
  }
}
