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
import { SignalingError } from './signaling.js';
import { ChannelEvents } from './listeners.js';

const JSON_TYPE = 'application/json';
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15000;

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
class RestClient {
  constructor(apiBase) {
    this.apiBase = apiBase;
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
      response = await fetch(this.url(path), init);
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
function errorText(method, path, status, text) {
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
 * An EventSource that re-opens itself (with back-off) when the server closes it for good;
 * the browser already retries plain connection drops on its own.
 */
class LiveStream {
  constructor(url, name, handlers, statusListeners) {
    this.url = url;
    this.name = name;
    this.handlers = handlers;
    this.status = statusListeners;
    this.retryMs = RETRY_MIN_MS;
    this.closed = false;
    this.timer = null;
    this.open();
  }

  open() {
    this.report('connecting');
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.report('open');
    };
    source.onerror = () => {
      if (this.closed) {
        return;
      }
      if (source.readyState === EventSource.CLOSED) {
        this.report('reconnecting', 'the server closed the stream; retrying in '
          + Math.round(this.retryMs / 1000) + ' s');
        this.timer = setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      } else {
        this.report('reconnecting', 'connection lost; the browser is retrying');
      }
    };
    for (const [event, handle] of Object.entries(this.handlers)) {
      source.addEventListener(event, (e) => handle(e.data));
    }
  }

  report(status, detail) {
    this.status.emit({ stream: this.name, status, detail });
  }

  close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    clearTimeout(this.timer);
    if (this.source) {
      this.source.close();
    }
    this.report('closed');
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
    this.roomStream = new LiveStream(api.url(roomPath(roomId) + '/events'), 'room', {
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
    this.participantStream = new LiveStream(this.api.url(this.path + '/events'), 'participant', {
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
