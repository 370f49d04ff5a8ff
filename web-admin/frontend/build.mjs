// Bundles the Firebase JS SDK parts the meeting pages use into
// <output dir>/js/vendor/firebase-firestore.js (one minified ES module, no CDN at run time).
// Run by Maven in generate-resources: `node build.mjs target/frontend`.
//
// Installs node_modules with `npm ci` (exactly package-lock.json) when they are missing or
// older than the lock file; otherwise it uses them as they are, so a build after the first
// one works offline (the tests build with -o inside a network namespace).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] || join(here, '..', 'target', 'frontend'));
const lock = join(here, 'package-lock.json');
const installed = join(here, 'node_modules', '.package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('[frontend] npm ci (node_modules missing or older than package-lock.json)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: here, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[frontend] npm ci failed: the build needs the npm registry once '
      + '(or a filled npm cache) to install web-admin/frontend/package-lock.json');
    process.exit(result.status || 1);
  }
}

const { build } = await import('esbuild');
const outfile = join(outDir, 'js', 'vendor', 'firebase-firestore.js');
await build({
  entryPoints: [join(here, 'src', 'firebase-firestore.js')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  outfile
});
console.log('[frontend] wrote ' + outfile);
