/**
 * The "Media statistics" panel: once a second, reads the connection's stats
 * (rtc/stats.js) and shows what matters for the role — send rate, bandwidth estimate,
 * packets and frames for a presenter; per-slot resolution and frames, audio packets for a
 * viewer. Read-only: it never changes the connection.
 */
import { collectStats } from '../rtc/stats.js';
import { formatBitrate } from './format.js';
import { fillDefinitionList } from './dom.js';

const INTERVAL_MS = 1000;
const SLOT_LABELS = ['Camera', 'Screen'];

export class StatsPanel {
  constructor(dl) {
    this.dl = dl;
    this.timer = null;
    this.previous = null;
  }

  /** Starts refreshing for this connection and role; replaces an earlier start. */
  start(pc, role) {
    this.stop();
    this.previous = null;
    this.timer = setInterval(() => {
      this.refresh(pc, role).catch((e) => console.warn('stats failed', e));
    }, INTERVAL_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    fillDefinitionList(this.dl, []);
  }

  async refresh(pc, role) {
    if (pc.connectionState === 'closed') {
      return;
    }
    const now = performance.now();
    const stats = await collectStats(pc);
    const rows = [];
    if (role === 'presenter') {
      let rate = null;
      if (this.previous) {
        const seconds = (now - this.previous.at) / 1000;
        rate = (stats.outbound.bytesSent - this.previous.stats.outbound.bytesSent) * 8 / seconds;
      }
      rows.push(['Sending', formatBitrate(rate)]);
      rows.push(['Bandwidth estimate', formatBitrate(stats.outbound.availableOutgoingBitrate)]);
      rows.push(['Packets sent', String(stats.outbound.packetsSent)]);
      rows.push(['Frames encoded', String(stats.outbound.framesEncoded)]);
    } else {
      stats.video.forEach((v, i) => {
        rows.push([SLOT_LABELS[i] || 'Video ' + (i + 1), v.frameWidth
          ? v.frameWidth + '×' + v.frameHeight + ', ' + v.framesDecoded + ' frames'
          : v.packetsReceived + ' packets, no frames yet']);
      });
      rows.push(['Audio packets', String(stats.audio.packetsReceived)]);
    }
    this.previous = { at: now, stats };
    if (this.timer) {
      fillDefinitionList(this.dl, rows);
    }
  }
}
