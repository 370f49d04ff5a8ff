/**
 * Numbers as the pages show them, the same on the room page, the broadcast page and the admin
 * console (admin/console.js imports this module too). Pure functions; no DOM.
 */

/**
 * A bitrate in bits per second: "850 kb/s", "1.2 Mb/s"; "–" when it is not a number yet
 * (e.g. no candidate pair selected). Decimal units (1 kb/s = 1000 bit/s).
 */
export function formatBitrate(bitsPerSecond) {
  if (typeof bitsPerSecond !== 'number' || !Number.isFinite(bitsPerSecond)) {
    return '–';
  }
  const kilo = Math.round(bitsPerSecond / 1e3);
  return kilo < 1000 ? kilo + ' kb/s' : (bitsPerSecond / 1e6).toFixed(1) + ' Mb/s';
}
