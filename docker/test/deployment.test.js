// The deployment files (docker/) against what the application really serves and reads.
//   node --test deployment.test.js     (from docker/test; kubectl and java on PATH)
'use strict';

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync, spawn } = require('node:child_process');
const yaml = require('js-yaml');
const lib = require('./lib');

const settings = lib.loadSettings();
const clone = (x) => JSON.parse(JSON.stringify(x));

function assertNoProblems(problems) {
  assert.deepEqual(problems, [], problems.join('\n'));
}

describe('the application\'s settings (parsed from Setting.java)', () => {
  it('parses every constant with its default', () => {
    assert.ok(settings.size >= 20, `only ${settings.size} settings parsed`);
    for (const key of ['APP_PORT', 'MEDIA_PORT', 'MEDIA_ADVERTISED_ADDRESSES', 'SIGNALING_BACKEND', 'ROLE', 'MAX_BROADCASTS',
      'GOOGLE_CLOUD_PROJECT', 'RUN_TIME_ENV', 'DISABLE_TELEMETRY', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME',
      'ADMIN_USER', 'ADMIN_PASSWORD']) {
      assert.ok(settings.has(key), `${key} is not in Setting.java`);
    }
  });

  it('refuses a source it cannot read entirely', () => {
    assert.throws(() => lib.parseSettingEnum('public enum Setting { A("1", "x"), B(CONSTANT, "y"); }'), /missed: B/);
    assert.throws(() => lib.parseSettingEnum('class Nothing {}'));
  });
});

for (const dir of ['docker/k8s/base', 'docker/k8s/overlays/production']) {
  describe(`kubectl kustomize ${dir}`, () => {
    let docs;
    before(() => { docs = lib.render(dir); });

    it('renders a Deployment, Service, PodDisruptionBudget, ServiceAccount and ConfigMap', () => {
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'ServiceAccount', 'ConfigMap']) {
        assert.ok(lib.find(docs, kind), `no ${kind}`);
      }
    });

    it('probes, ports and environment match what the application serves and reads', () => {
      assertNoProblems(lib.checkManifests(docs, settings));
    });
  });
}

describe('the manifest check fails when the two sides drift apart', () => {
  let docs;
  before(() => { docs = lib.render('docker/k8s/base'); });

  it('a renamed setting (APP_PORT -> HTTP_PORT in Setting.java) breaks it', () => {
    const source = lib.read(lib.SETTING_JAVA).replace(/\bAPP_PORT\(/, 'HTTP_PORT(');
    const problems = lib.checkManifests(docs, lib.parseSettingEnum(source));
    assert.ok(problems.some((p) => p.startsWith('APP_PORT (ConfigMap')), problems.join('\n'));
  });

  it('an unknown variable in the ConfigMap breaks it', () => {
    const broken = clone(docs);
    lib.find(broken, 'ConfigMap', lib.appEnvironment(broken).container.envFrom[0].configMapRef.name).data.MEDIA_PROT = '10000';
    assert.ok(lib.checkManifests(broken, settings).some((p) => p.startsWith('MEDIA_PROT')));
  });

  it('a wrong probe path, port or media hostPort breaks it', () => {
    const broken = clone(docs);
    const c = lib.appEnvironment(broken).container;
    c.readinessProbe.httpGet.path = '/ready';
    c.ports.find((p) => p.name === 'media').hostPort = 10001;
    c.ports.find((p) => p.name === 'http').containerPort = 9090;
    const problems = lib.checkManifests(broken, settings);
    for (const expected of ['readinessProbe path', 'port media has hostPort', 'port http is 9090']) {
      assert.ok(problems.some((p) => p.startsWith(expected)), `${expected} not reported:\n${problems.join('\n')}`);
    }
  });

  it('a value of the wrong kind (ROLE=leader, MAX_BROADCASTS=many) breaks it', () => {
    const broken = clone(docs);
    const cm = lib.find(broken, 'ConfigMap', lib.appEnvironment(broken).container.envFrom[0].configMapRef.name);
    cm.data.ROLE = 'leader';
    cm.data.MAX_BROADCASTS = 'many';
    const problems = lib.checkManifests(broken, settings);
    assert.ok(problems.some((p) => p.startsWith('ROLE=leader')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('MAX_BROADCASTS=many')), problems.join('\n'));
  });

  it('a password in the ConfigMap, or telemetry with no collector, breaks it', () => {
    const broken = clone(docs);
    const cm = lib.find(broken, 'ConfigMap', lib.appEnvironment(broken).container.envFrom[0].configMapRef.name);
    cm.data.ADMIN_PASSWORD = 'secret';
    cm.data.ADMIN_API_KEY = 'k7Yv2QmT9xLp4RzW8aNc3HdJ6uFe1SbG';
    cm.data.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9999';
    const problems = lib.checkManifests(broken, settings);
    assert.ok(problems.some((p) => p.startsWith('ADMIN_PASSWORD is set in a ConfigMap')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('ADMIN_API_KEY is set in a ConfigMap')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('no sidecar collector')), problems.join('\n'));
  });
});

describe('Terraform', () => {
  let docs;
  before(() => { docs = lib.render('docker/k8s/base'); });

  it('names, ports, labels, identities and roles agree with the manifests and settings', () => {
    assertNoProblems(lib.checkTerraform(docs, settings, lib.terraformVariables(), lib.terraformText()));
  });

  it('a renamed topic or an unpinned provider is reported', () => {
    const vars = lib.terraformVariables();
    vars.set('pubsub_topic', 'rooms');
    const tf = lib.terraformText().replace(/version\s*=\s*"\d+\.\d+\.\d+"/, 'version = "~> 6.0"');
    const problems = lib.checkTerraform(docs, settings, vars, tf);
    assert.ok(problems.some((p) => p.startsWith('Pub/Sub topic')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('is not pinned')), problems.join('\n'));
  });
});

describe('container images', () => {
  const payaraVersion = (lib.read('pom.xml').match(/<payara\.version>([^<]+)<\/payara\.version>/) || [])[1];

  function dockerfile(rel) {
    const text = lib.read(rel);
    return {
      text,
      from: (text.match(/^FROM\s+(\S+)/m) || [])[1],
      copies: [...text.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)/gm)].map((m) => ({ src: m[1], dest: m[2] })),
      expose: [...text.matchAll(/^EXPOSE\s+(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/))
    };
  }

  function whitelist(rel) {
    return lib.read(rel).split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
  }

  const appPort = settings.get('APP_PORT').defaultValue;
  const mediaPort = settings.get('MEDIA_PORT').defaultValue;

  it('Payara Micro image: official image of the project\'s Payara version, the rar and the war', () => {
    const d = dockerfile('docker/micro/Dockerfile');
    assert.equal(d.from, 'payara/micro:6.2025.9-jdk17');
    assert.ok(d.from.includes(`:${payaraVersion}-`), `pom.xml payara.version ${payaraVersion} vs ${d.from}`);
    const sources = d.copies.map((c) => c.src);
    assert.ok(sources.includes('media-ra/media-rar/target/media-ra.rar'));
    assert.ok(sources.includes('web-admin/target/web-admin.war'));
    assert.ok(d.copies.some((c) => c.dest.endsWith('/media-ra.rar')), 'the RA name comes from the file name: media-ra.rar');
    for (const src of sources) assert.ok(whitelist('docker/micro/Dockerfile.dockerignore').includes(src), `${src} is ignored by the build context`);
    for (const src of sources.filter((s) => s.startsWith('docker/'))) assert.ok(lib.exists(src), `${src} missing`);
    assert.ok(d.expose.includes(`${appPort}/tcp`) && d.expose.includes(`${mediaPort}/udp`), d.expose.join(' '));
  });

  it('Payara Server image: official full image of the project\'s Payara version, the EAR', () => {
    const d = dockerfile('docker/server/Dockerfile');
    assert.equal(d.from, `payara/server-full:${payaraVersion}-jdk17`);
    assert.deepEqual(d.copies.map((c) => c.src), ['ear/target/family-meeting.ear']);
    assert.deepEqual(whitelist('docker/server/Dockerfile.dockerignore'), ['ear/target/family-meeting.ear']);
    assert.ok(d.expose.includes(`${appPort}/tcp`) && d.expose.includes(`${mediaPort}/udp`), d.expose.join(' '));
  });

  for (const [module, finalName] of [['media-ra/media-rar', 'media-ra'], ['web-admin', 'web-admin'], ['ear', 'family-meeting']]) {
    it(`${module}/pom.xml builds ${finalName} (the name the Dockerfiles copy)`, (t) => {
      if (!lib.exists(`${module}/pom.xml`)) {
        t.skip(`${module}/pom.xml is not in this checkout yet`);
        return;
      }
      const pom = lib.read(`${module}/pom.xml`);
      const declared = (pom.match(/<finalName>([^<]+)<\/finalName>/) || [])[1];
      const artifactId = (pom.replace(/<parent>[\s\S]*?<\/parent>/, '').match(/<artifactId>([^<]+)<\/artifactId>/) || [])[1];
      assert.equal(declared || artifactId, finalName);
    });
  }

  it('the entrypoint reads only settings and the image\'s own knobs', () => {
    const script = lib.read('docker/micro/entrypoint.sh');
    const names = new Set([...script.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    for (const n of names) assert.ok(settings.has(n) || lib.IMAGE_KNOBS.has(n), `${n} is neither a setting nor a Payara image knob`);
    assert.ok(names.has('APP_PORT'));
  });

  it('the entrypoint starts Payara Micro on APP_PORT with the rar before the war (run with a stand-in java)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-entry-'));
    fs.writeFileSync(path.join(dir, 'java'), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\necho "ADV=${MEDIA_ADVERTISED_ADDRESSES:-}"\n', { mode: 0o755 });
    const out = execFileSync('sh', [path.join(lib.ROOT, 'docker/micro/entrypoint.sh'), '--extra'], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, APP_PORT: '9191', MEDIA_ADVERTISED_ADDRESSES: '203.0.113.7' }
    }).trim().split('\n');
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(out[out.indexOf('--port') + 1], '9191');
    const rar = out.indexOf('/opt/payara/deployments/media-ra.rar');
    const war = out.indexOf('/opt/payara/deployments/web-admin.war');
    assert.ok(rar > 0 && war > rar && out[rar - 1] === '--deploy' && out[war - 1] === '--deploy', out.join(' '));
    assert.ok(out.includes('--nohazelcast'));
    assert.ok(out.includes('--extra'), 'extra arguments are passed on');
    assert.equal(out[out.length - 1], 'ADV=203.0.113.7');
  });

  it('the init container writes where the entrypoint reads', () => {
    const docs = lib.render('docker/k8s/base');
    const pod = lib.find(docs, 'Deployment', 'family-meeting').spec.template.spec;
    const init = pod.initContainers.find((c) => c.name === 'advertised-address');
    const file = init.command[init.command.length - 1];
    assert.ok(lib.read('docker/micro/entrypoint.sh').includes(`advertised_file=${file}`), `entrypoint does not read ${file}`);
    const dir = path.dirname(file);
    const app = pod.containers.find((c) => c.name === 'family-meeting');
    for (const c of [init, app]) {
      const m = c.volumeMounts.find((v) => v.mountPath === dir);
      assert.ok(m, `${c.name} does not mount ${dir}`);
    }
    const program = init.command.find((a) => a.endsWith('.java'));
    assert.ok(program && lib.exists('docker/micro/' + path.basename(program)), `${program} is not in docker/micro`);
    assert.ok(lib.read('docker/micro/Dockerfile').includes(`docker/micro/${path.basename(program)} ${program}`), `the image does not put ${program} there`);
    const reads = new Set([...lib.read('docker/micro/NodeExternalAddress.java').matchAll(/getenv\("([A-Z_]+)"\)/g)].map((m) => m[1]));
    for (const e of init.env) assert.ok(reads.has(e.name), `${e.name} is set but NodeExternalAddress does not read it`);
    assert.ok(init.env.some((e) => e.name === 'NODE_NAME' && e.valueFrom.fieldRef.fieldPath === 'spec.nodeName'));
  });
});

describe('NodeExternalAddress (the init step), against a stand-in Kubernetes API on 127.0.0.1', () => {
  function node(addresses) {
    return JSON.stringify({ kind: 'Node', metadata: { name: 'gke-node-1' }, status: { addresses } }, null, 1);
  }

  async function run(body, status = 200) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-node-'));
    fs.writeFileSync(path.join(dir, 'token'), 'tok-123\n');
    const seen = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const out = path.join(dir, 'addresses');
    let stderr = '';
    const code = await new Promise((resolve) => {
      const p = spawn('java', [`-Dapi=http://127.0.0.1:${server.address().port}`, `-Dtoken=${path.join(dir, 'token')}`,
        path.join(lib.ROOT, 'docker/micro/NodeExternalAddress.java'), out],
      { env: { ...process.env, NODE_NAME: 'gke-node-1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      p.stderr.on('data', (d) => { stderr += d; });
      p.on('exit', resolve);
    });
    server.close();
    const written = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
    fs.rmSync(dir, { recursive: true, force: true });
    return { code, written, seen, stderr };
  }

  it('writes the node\'s ExternalIP addresses, asking for its own node with the token', async () => {
    const r = await run(node([
      { type: 'InternalIP', address: '10.128.0.5' },
      { type: 'ExternalIP', address: '203.0.113.7' },
      { address: '2001:db8::7', type: 'ExternalIP' },
      { type: 'Hostname', address: 'gke-node-1' }
    ]));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.written, '203.0.113.7,2001:db8::7\n');
    assert.deepEqual(r.seen, [{ url: '/api/v1/nodes/gke-node-1', auth: 'Bearer tok-123' }]);
  });

  it('fails (and writes nothing) on a node without an external address', async () => {
    const r = await run(node([{ type: 'InternalIP', address: '10.128.0.5' }]));
    assert.equal(r.code, 1);
    assert.equal(r.written, null);
  });

  it('fails when the API refuses', async () => {
    const r = await run('{"kind":"Status","code":403}', 403);
    assert.equal(r.code, 1);
  });
});

describe('docker/compose.yaml', () => {
  const compose = yaml.load(lib.read('docker/compose.yaml'));
  const apps = ['family-meeting', 'family-meeting-server'];

  it('every image is pinned', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) continue;
      assert.deepEqual(lib.imageProblems(`${name} image`, s.image), []);
    }
  });

  for (const app of apps) {
    it(`${app}: environment is settings only, pointing at services and ports that exist`, () => {
      const s = compose.services[app];
      const env = s.environment;
      const problems = [];
      for (const [k, v] of Object.entries(env)) {
        if (!settings.has(k)) problems.push(`${k} is not a setting`);
        else problems.push(...lib.typeProblems(k, String(v), settings.get(k)));
      }
      for (const key of ['FIRESTORE_EMULATOR_HOST', 'PUBSUB_EMULATOR_HOST']) {
        const [host, port] = String(env[key]).split(':');
        const target = compose.services[host];
        if (!target) problems.push(`${key}: no service ${host}`);
        else if (!target.command.includes(`--host-port=0.0.0.0:${port}`)) problems.push(`${key}: ${host} does not listen on ${port}`);
      }
      const otel = new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT);
      const collector = compose.services[otel.hostname];
      if (!collector) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT: no service ${otel.hostname}`);
      else {
        const config = yaml.load(lib.read('docker/otel/collector.yaml'));
        const endpoints = Object.values(config.receivers.otlp.protocols).map((p) => p.endpoint);
        if (!endpoints.includes(`0.0.0.0:${otel.port}`)) problems.push(`the collector does not receive OTLP on ${otel.port}`);
        const mount = collector.volumes.find((v) => v.startsWith('./otel/collector.yaml:'));
        if (!mount || !collector.command.some((a) => a === `--config=${mount.split(':')[1]}`)) problems.push('the collector does not load docker/otel/collector.yaml');
      }
      const init = compose.services['pubsub-init'].command.join('\n');
      for (const key of ['PUBSUB_TOPIC', 'PUBSUB_SUBSCRIPTION']) {
        if (!init.includes(`/${env[key]}"`)) problems.push(`pubsub-init does not create ${key}=${env[key]}`);
      }
      const mediaPort = env.MEDIA_PORT || settings.get('MEDIA_PORT').defaultValue;
      const appPort = env.APP_PORT || settings.get('APP_PORT').defaultValue;
      if (!s.ports.some((p) => p.endsWith(`:${mediaPort}:${mediaPort}/udp`))) problems.push(`UDP ${mediaPort} is not published on the same port`);
      if (!s.ports.some((p) => p.endsWith(`:${appPort}/tcp`))) problems.push(`HTTP ${appPort} is not published`);
      for (const p of s.ports) if (!p.startsWith('127.0.0.1:')) problems.push(`${p} is published beyond the loopback`);
      assertNoProblems(problems);
    });
  }

  it('the Firestore emulator loads the security rules of docker/firestore', () => {
    const fsService = compose.services.firestore;
    const mount = fsService.volumes.find((v) => v.startsWith('./firestore/firestore.rules:'));
    assert.ok(mount);
    assert.ok(fsService.command.includes(`--rules=${mount.split(':')[1]}`));
  });
});

describe('docker/README.md', () => {
  it('its settings table lists every setting the application reads, and nothing else', () => {
    const rows = new Set([...lib.read('docker/README.md').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
    const withMedia = lib.loadSettings();
    const missing = [...withMedia.keys()].filter((k) => !rows.has(k));
    const unknown = [...rows].filter((k) => !withMedia.has(k) && k !== 'MEDIA_CONSENT_TIMEOUT_MILLIS');
    assert.deepEqual({ missing, unknown }, { missing: [], unknown: [] });
  });
});

describe('README.md', () => {
  it('its configuration table lists every setting the application reads with its default, and nothing else', () => {
    const rows = lib.readmeSettings(lib.read('README.md'));
    assert.ok(rows.size >= 20, `only ${rows.size} rows parsed`);
    assertNoProblems(lib.readmeTableProblems(rows, lib.loadSettings()));
  });

  it('the check fails when the table and the source drift apart', () => {
    const rows = lib.readmeSettings(lib.read('README.md'));
    const source = lib.read(lib.SETTING_JAVA).replace(/\bLEASE_SECONDS\("30"/, 'LEASE_SECONDS("45"');
    const changed = lib.parseSettingEnum(source);
    assert.ok(lib.readmeTableProblems(rows, changed).some((p) => p.startsWith('LEASE_SECONDS: the README says default "30"')));
    const fewer = new Map(rows);
    fewer.delete('ROLE');
    fewer.set('MEDIA_PROT', '10000');
    const problems = lib.readmeTableProblems(fewer, lib.loadSettings());
    assert.ok(problems.includes('ROLE has no row in the README\'s configuration table'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('MEDIA_PROT is in the README')), problems.join('\n'));
  });
});
