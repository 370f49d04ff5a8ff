import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ID_PATTERN, isValidId, newParticipantId, openSignaling, SignalingError
} from '../../main/webapp/js/signaling/signaling.js';
import { SignalingError as ErrorsModuleError } from '../../main/webapp/js/signaling/errors.js';
import { fakeFetch } from './doubles.js';

const JS = resolve(dirname(fileURLToPath(import.meta.url)), '../../main/webapp/js');

test('ids: what every backend accepts (the same rule as the server\'s schema.Paths.isValidId)', () => {
  for (const ok of ['r', 'room-1', 'Room_2', '0', 'a'.repeat(64)]) {
    assert.equal(isValidId(ok), true, ok);
  }
  for (const bad of ['', '-r', '_r', 'a'.repeat(65), 'a/b', 'a b', 'ä', null, undefined, 7]) {
    assert.equal(isValidId(bad), false, String(bad));
  }
  assert.equal(ID_PATTERN.source, '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$');
});

test('a fresh participant id is a valid id and differs each time', () => {
  const a = newParticipantId();
  assert.equal(isValidId(a), true);
  assert.notEqual(a, newParticipantId());
});

test('signaling.js hands out the one SignalingError of errors.js', () => {
  assert.equal(SignalingError, ErrorsModuleError);
  const e = new SignalingError('nope', 409);
  assert.equal(e.name, 'SignalingError');
  assert.equal(e.status, 409);
  assert.ok(e instanceof Error);
});

test('openSignaling explains a server it cannot use', async (t) => {
  const original = globalThis.fetch;
  t.after(() => { globalThis.fetch = original; });
  globalThis.fetch = fakeFetch(new TypeError('Failed to fetch'), { status: 503, body: 'draining' },
    { status: 200, body: { backend: 'carrier-pigeon' } });
  await assert.rejects(openSignaling({ apiBase: '/api' }),
    (e) => e instanceof SignalingError && e.message === 'cannot reach the meeting server: Failed to fetch');
  await assert.rejects(openSignaling({ apiBase: '/api' }),
    (e) => e instanceof SignalingError && e.status === 503 && e.message === 'GET /api/config failed: HTTP 503');
  await assert.rejects(openSignaling({ apiBase: '/api' }),
    (e) => e instanceof SignalingError && /does not support the signaling backend "carrier-pigeon"/.test(e.message));
  assert.equal(globalThis.fetch.calls[0].url, '/api/config');
});

/** The modules each signaling module imports (static and dynamic), by file name. */
function importsOf(file) {
  const text = readFileSync(join(JS, 'signaling', file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'\.\/([\w-]+\.js)'/g)].map((m) => m[1]);
}

test('the signaling modules import each other without a circle', () => {
  const files = readdirSync(join(JS, 'signaling')).filter((f) => f.endsWith('.js'));
  const graph = Object.fromEntries(files.map((f) => [f, importsOf(f)]));
  assert.ok(graph['signaling.js'].includes('embedded.js'), 'the backends are found by signaling.js');
  const circles = [];
  const visit = (file, path) => {
    if (path.includes(file)) {
      circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    for (const next of graph[file] || []) {
      visit(next, [...path, file]);
    }
  };
  files.forEach((f) => visit(f, []));
  assert.deepEqual(circles, []);
});
