// Starts Google's Firestore emulator (gcloud emulators firestore start) on 127.0.0.1 and a
// free port, waits until it answers, and stops it (its whole process group) afterwards.
// Only starts and stops the emulator: the rules are loaded by the tests through
// @firebase/rules-unit-testing, so a rules file that does not compile fails the run.
'use strict';

const { spawn } = require('node:child_process');
const net = require('node:net');
const http = require('node:http');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

async function startEmulator({ gcloud = process.env.GCLOUD || 'gcloud', timeoutMs = 120000 } = {}) {
  const port = await freePort();
  const log = [];
  const child = spawn(gcloud, ['emulators', 'firestore', 'start', `--host-port=127.0.0.1:${port}`, '--quiet'], {
    detached: true, // own process group: gcloud starts a java child
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1', CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true' }
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  let exited = null;
  child.on('exit', (code) => { exited = code; });

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(`the Firestore emulator exited (${exited}) before answering:\n${log.join('')}`);
    }
    if (await ping(port)) {
      return {
        host: '127.0.0.1',
        port,
        log,
        stop: () => stop(child)
      };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error(`the Firestore emulator did not answer on 127.0.0.1:${port} within ${timeoutMs} ms:\n${log.join('')}`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch (e) { /* gone */ }
    }, 5000);
    child.on('exit', () => { clearTimeout(timer); resolve(); });
    try { process.kill(-child.pid, 'SIGTERM'); } catch (e) { clearTimeout(timer); resolve(); }
  });
}

module.exports = { startEmulator };
