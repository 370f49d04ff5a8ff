/**
 * The room page's media tiles: the fixed camera and screen tiles of room.html, one more tile
 * per further video slot a viewer receives ("video3", ... made on first use), the audio
 * elements (remote-audio for the first audio slot, one more per further slot), and each
 * tile's live state, caption and placeholder text.
 *
 * It plays the tracks it is given and keeps the remote ones to tell a live tile from a muted
 * one. It knows neither the session nor signaling: the page hands it tracks (show) and what
 * to say (render).
 */
import { $ } from './dom.js';

/** The tiles room.html has from the start; other slots get tiles of their own. */
const FIXED_TILES = ['camera', 'screen'];

/** "video3" -> "video 3"; camera and screen as they are. */
export function slotLabel(slot) {
  return slot.replace(/^([a-z]+)(\d+)$/, '$1 $2');
}

export class Tiles {
  /**
   * @param container   the .tiles element holding the figures
   * @param audio       the first audio slot's <audio> (remote-audio)
   * @param soundPrompt shown while the browser blocks audio autoplay
   * @param onChange    called when a tile's state may have changed (re-render)
   */
  constructor({ container, audio, soundPrompt, onChange }) {
    this.container = container;
    this.audio = audio;
    this.soundPrompt = soundPrompt;
    this.onChange = onChange;
    this.remoteTracks = {};   // slot -> MediaStreamTrack
  }

  /** The video slots that have a tile, fixed ones first. */
  slots() {
    return Array.from(this.container.querySelectorAll('.tile'), (tile) => tile.id.slice('tile-'.length));
  }

  /** Empties every tile: fixed tiles stay (without video), the others and extra audio elements go. */
  reset() {
    for (const slot of this.slots()) {
      if (FIXED_TILES.includes(slot)) {
        $('video-' + slot).srcObject = null;
        $('tile-' + slot).classList.remove('live');
      } else {
        $('tile-' + slot).remove();
      }
    }
    for (const audio of document.querySelectorAll('audio[id^="remote-audio"]')) {
      if (audio === this.audio) {
        audio.srcObject = null;
      } else {
        audio.remove();
      }
    }
    this.soundPrompt.hidden = true;
    this.remoteTracks = {};
  }

  /** A track for a slot (rtc/session.js onTrack): audio plays unless local, video goes to its tile. */
  show(slot, track, local) {
    if (slot.startsWith('audio')) {
      if (!local) {
        this.playAudio(slot, track);
      }
      return;
    }
    this.videoTile(slot);
    const video = $('video-' + slot);
    video.srcObject = track ? new MediaStream([track]) : null;
    if (!local && track) {
      this.remoteTracks[slot] = track;
      track.addEventListener('mute', this.onChange);
      track.addEventListener('unmute', this.onChange);
      track.addEventListener('ended', this.onChange);
    }
    if (track) {
      video.play().catch(() => { /* muted autoplay; a later frame starts it */ });
    }
    this.onChange();
  }

  /** Retries the first audio slot after a click (autoplay with sound needs a user gesture). */
  enableSound() {
    this.audio.play().then(() => { this.soundPrompt.hidden = true; }, () => {});
  }

  /**
   * Live state, captions and placeholders of every tile.
   *
   * @param presenting     this page presents (its own tracks are shown)
   * @param local          the session's local tracks {camera, screen, ...}, or null without a session
   * @param presenterName  the room's presenter, or null when there is none
   */
  render({ presenting, local, presenterName }) {
    const who = presenting ? 'You' : (presenterName || 'Presenter');
    for (const slot of this.slots()) {
      $('tile-' + slot).classList.toggle('live', this.isLive(slot, presenting, local));
      $('caption-' + slot).textContent = who + ' · ' + slotLabel(slot);
    }
    if (presenting) {
      $('placeholder-camera').textContent = local && local.camera ? 'Camera off' : 'No camera in use';
      $('placeholder-screen').textContent = 'Not sharing. Use "Share screen" below.';
      return;
    }
    $('placeholder-camera').textContent = presenterName
      ? 'Waiting for ' + presenterName + '\'s camera…' : 'Waiting for a presenter…';
    $('placeholder-screen').textContent = 'No screen is being shared.';
    for (const slot of this.slots().filter((name) => !FIXED_TILES.includes(name))) {
      $('placeholder-' + slot).textContent = 'Nothing on ' + slotLabel(slot) + ' yet.';
    }
  }

  isLive(slot, presenting, local) {
    if (!local) {
      return false;
    }
    const track = presenting ? local[slot] : this.remoteTracks[slot];
    return Boolean(track && track.readyState === 'live' && (presenting || !track.muted));
  }

  /** A viewer's video slot beyond camera and screen: a tile like theirs, made once. */
  videoTile(slot) {
    if ($('tile-' + slot)) {
      return;
    }
    const figure = document.createElement('figure');
    figure.className = 'tile extra';
    figure.id = 'tile-' + slot;
    const video = document.createElement('video');
    video.id = 'video-' + slot;
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    const placeholder = document.createElement('div');
    placeholder.className = 'placeholder';
    placeholder.id = 'placeholder-' + slot;
    const caption = document.createElement('figcaption');
    caption.id = 'caption-' + slot;
    figure.append(video, placeholder, caption);
    this.container.append(figure);
  }

  /** Plays a remote audio track in its slot's element (made for slots after the first). */
  playAudio(slot, track) {
    let audio = this.audio;
    if (slot !== 'audio') {
      audio = $('remote-' + slot);
      if (!audio) {
        audio = document.createElement('audio');
        audio.id = 'remote-' + slot;
        audio.autoplay = true;
        this.audio.after(audio);
      }
    }
    audio.srcObject = new MediaStream([track]);
    audio.play().then(() => {
      this.soundPrompt.hidden = true;
    }, () => {
      this.soundPrompt.hidden = false;
    });
  }
}
