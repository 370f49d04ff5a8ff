import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBitrate } from '../../main/webapp/js/ui/format.js';

test('bitrates read in kb/s below 1 Mb/s and in Mb/s with one decimal above', () => {
  const table = [
    [0, '0 kb/s'],
    [499, '0 kb/s'],
    [850_000, '850 kb/s'],
    [999_400, '999 kb/s'],
    [999_600, '1.0 Mb/s'],
    [1_234_567, '1.2 Mb/s'],
    [25_000_000, '25.0 Mb/s'],
    [null, '–'],
    [undefined, '–'],
    [Number.NaN, '–']
  ];
  for (const [bps, text] of table) {
    assert.equal(formatBitrate(bps), text, String(bps));
  }
});
