// What the deployment files must agree with, read from the sources themselves: the
// application's settings (the Setting enum, plus MediaSettings of the resource adapter
// when present), the rendered Kubernetes manifests, Terraform variables, Dockerfiles and
// the compose file. Each check returns a list of problems (empty: consistent), so tests
// can also feed it broken input and see it complain.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const yaml = require('js-yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const SETTING_JAVA = 'ejb-signaling/src/main/java/io/familymeeting/signaling/config/Setting.java';
const MEDIA_SETTINGS_JAVA = 'media-ra/media-rar/src/main/java/io/familymeeting/media/rar/MediaSettings.java';

// Health endpoints Payara serves at the server root (MicroProfile Health; DOWN is 503).
const HEALTH = { startupProbe: '/health/started', livenessProbe: '/health/live', readinessProbe: '/health/ready' };
// Knobs of the Payara image's own start-up, read by docker/micro/entrypoint.sh.
const IMAGE_KNOBS = new Set(['JVM_ARGS', 'MEM_MAX_RAM_PERCENTAGE', 'MEM_XSS']);

function read(rel, root = ROOT) {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

function exists(rel, root = ROOT) {
  return fs.existsSync(path.join(root, rel));
}

/** Setting.java -> Map(name -> {defaultValue, description}). Throws when nothing parses. */
function parseSettingEnum(source) {
  const start = source.match(/public\s+enum\s+Setting\s*\{/);
  if (!start) throw new Error('no "public enum Setting {" in the source');
  // The constants end at the first ';' outside a string literal.
  let i = start.index + start[0].length;
  let inString = false;
  for (; i < source.length; i++) {
    const ch = source[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ';') break;
  }
  if (i >= source.length) throw new Error('the Setting enum has no ";" after its constants');
  const body = [null, source.slice(start.index + start[0].length, i)];
  const entries = new Map();
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const entry = new RegExp(`([A-Z][A-Z0-9_]*)\\s*\\(\\s*${str}\\s*,\\s*${str}\\s*\\)`, 'g');
  for (const m of body[1].matchAll(entry)) {
    entries.set(m[1], { defaultValue: m[2], description: m[3] });
  }
  // Every constant between the brace and the ';' must have parsed.
  const constants = [...body[1].matchAll(/(?:^|,)\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Z][A-Z0-9_]*)\s*\(/g)].map((m) => m[1]);
  const missed = constants.filter((c) => !entries.has(c));
  if (entries.size === 0 || missed.length) {
    throw new Error(`Setting enum did not parse (${entries.size} parsed, missed: ${missed.join(', ')})`);
  }
  return entries;
}

/** Keys MediaSettings reads besides the enum (e.g. MEDIA_CONSENT_TIMEOUT_MILLIS). */
function parseMediaSettings(source) {
  return new Set([...source.matchAll(/(?:int|long|string|bool(?:ean)?)Value\(\s*"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]));
}

/** Everything the application reads from its environment, with defaults where known. */
function loadSettings(root = ROOT) {
  const settings = parseSettingEnum(read(SETTING_JAVA, root));
  if (exists(MEDIA_SETTINGS_JAVA, root)) {
    for (const key of parseMediaSettings(read(MEDIA_SETTINGS_JAVA, root))) {
      if (!settings.has(key)) settings.set(key, { defaultValue: undefined, description: 'read by MediaSettings' });
    }
  }
  return settings;
}

/**
 * The configuration table of the repository's README.md: rows "| `NAME` | `default` | what |",
 * "(empty)" for an empty default. Map(name -> default string).
 */
function readmeSettings(text) {
  const rows = new Map();
  for (const m of text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| (?:`([^`]*)`|\(empty\)) \|/gm)) {
    rows.set(m[1], m[2] === undefined ? '' : m[2]);
  }
  return rows;
}

/**
 * What the README's configuration table gets wrong against the settings the application reads:
 * a setting without a row, a row of no setting, a default other than the source's (where the
 * source gives one: MediaSettings' defaults are not parsed).
 */
function readmeTableProblems(rows, settings) {
  const problems = [];
  for (const [key, s] of settings) {
    if (!rows.has(key)) problems.push(`${key} has no row in the README's configuration table`);
    else if (s.defaultValue !== undefined && rows.get(key) !== s.defaultValue) {
      problems.push(`${key}: the README says default "${rows.get(key)}", the source "${s.defaultValue}"`);
    }
  }
  for (const key of rows.keys()) {
    if (!settings.has(key)) problems.push(`${key} is in the README's configuration table but the application does not read it`);
  }
  return problems;
}

function render(kustomizeDir) {
  const out = execFileSync(process.env.KUBECTL || 'kubectl', ['kustomize', path.join(ROOT, kustomizeDir)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return yaml.loadAll(out).filter(Boolean);
}

function find(docs, kind, name) {
  return docs.find((d) => d.kind === kind && (!name || d.metadata.name === name));
}

const APP_CONTAINER = 'family-meeting';

/** The app container, its environment (name -> {value, from}) and the pod spec. */
function appEnvironment(docs) {
  const deployment = find(docs, 'Deployment', 'family-meeting');
  if (!deployment) return { problems: ['no Deployment family-meeting'] };
  const pod = deployment.spec.template.spec;
  const container = (pod.containers || []).find((c) => c.name === APP_CONTAINER);
  if (!container) return { problems: [`no container ${APP_CONTAINER}`] };
  const env = new Map();
  const problems = [];
  for (const source of container.envFrom || []) {
    if (source.configMapRef) {
      const cm = find(docs, 'ConfigMap', source.configMapRef.name);
      if (!cm) { problems.push(`envFrom ConfigMap ${source.configMapRef.name} is not in the manifests`); continue; }
      for (const [k, v] of Object.entries(cm.data || {})) env.set(k, { value: String(v), from: `ConfigMap ${cm.metadata.name}` });
    } else if (source.secretRef) {
      const secret = find(docs, 'Secret', source.secretRef.name);
      if (!secret) continue; // created out of band (production overlay)
      const data = { ...(secret.stringData || {}) };
      for (const [k, v] of Object.entries(secret.data || {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
      for (const [k, v] of Object.entries(data)) env.set(k, { value: String(v), from: `Secret ${secret.metadata.name}` });
    }
  }
  for (const e of container.env || []) {
    env.set(e.name, { value: e.value, valueFrom: e.valueFrom, from: 'Deployment env' });
  }
  return { deployment, pod, container, env, problems };
}

/** Effective value of a setting in the pod: the environment, else the enum's default. */
function effective(env, settings, name) {
  const e = env.get(name);
  if (e && e.value !== undefined && String(e.value).trim() !== '') return String(e.value).trim();
  const s = settings.get(name);
  return s ? s.defaultValue : undefined;
}

/** Quoted alternatives in a description, e.g. "'monitor', 'broadcast' or 'both'". */
function choices(description) {
  const found = [...description.matchAll(/'([a-z][a-z0-9-]*)'/g)].map((m) => m[1]);
  return found.length >= 2 ? found : null;
}

function typeProblems(name, value, setting) {
  if (!setting || setting.defaultValue === undefined || value === '') return [];
  const d = setting.defaultValue;
  if (/^\d+$/.test(d) && !/^\d+$/.test(value)) return [`${name}=${value}: a whole number is expected (default ${d})`];
  if (/^(true|false)$/.test(d) && !/^(true|false)$/.test(value)) return [`${name}=${value}: true or false is expected`];
  const options = choices(setting.description);
  if (options && !options.includes(value)) return [`${name}=${value}: one of ${options.join(', ')} is expected`];
  return [];
}

function portNumber(container, port) {
  if (typeof port === 'number') return port;
  const p = (container.ports || []).find((x) => x.name === port);
  return p ? p.containerPort : undefined;
}

/** The manifests against the settings: env names and values, ports, probes. */
function checkManifests(docs, settings) {
  const { pod, container, env, problems, deployment } = appEnvironment(docs);
  if (!container) return problems;

  for (const [name, e] of env) {
    if (!settings.has(name)) problems.push(`${name} (${e.from}) is not a setting the application reads`);
    else if (e.value !== undefined) problems.push(...typeProblems(name, String(e.value).trim(), settings.get(name)));
  }
  for (const source of container.envFrom || []) {
    const cm = source.configMapRef && find(docs, 'ConfigMap', source.configMapRef.name);
    for (const secretOnly of ['ADMIN_PASSWORD', 'ADMIN_API_KEY', 'ACCESS_TOKEN_SECRET', 'ACCESS_TOKEN_PRIVATE_KEY']) {
      if (cm && cm.data && cm.data[secretOnly]) problems.push(`${secretOnly} is set in a ConfigMap: it belongs in a Secret`);
    }
  }

  const appPort = Number(effective(env, settings, 'APP_PORT'));
  const mediaPort = Number(effective(env, settings, 'MEDIA_PORT'));
  if (!Number.isInteger(appPort)) problems.push('APP_PORT has no value (is it still a setting?)');
  if (!Number.isInteger(mediaPort)) problems.push('MEDIA_PORT has no value (is it still a setting?)');

  const http = (container.ports || []).find((p) => p.name === 'http');
  if (!http) problems.push('container has no port named http');
  else {
    if (http.containerPort !== appPort) problems.push(`port http is ${http.containerPort}, APP_PORT is ${appPort}`);
    if ((http.protocol || 'TCP') !== 'TCP') problems.push('port http is not TCP');
  }
  const media = (container.ports || []).find((p) => p.name === 'media');
  if (!media) problems.push('container has no port named media');
  else {
    if (media.containerPort !== mediaPort) problems.push(`port media is ${media.containerPort}, MEDIA_PORT is ${mediaPort}`);
    if (media.protocol !== 'UDP') problems.push('port media is not UDP');
    if (media.hostPort !== mediaPort && !pod.hostNetwork) problems.push(`port media has hostPort ${media.hostPort}, not MEDIA_PORT ${mediaPort}`);
  }

  for (const [probe, wanted] of Object.entries(HEALTH)) {
    const p = container[probe];
    if (!p || !p.httpGet) { problems.push(`no HTTP ${probe}`); continue; }
    if (p.httpGet.path !== wanted) problems.push(`${probe} path is ${p.httpGet.path}, Payara serves ${wanted}`);
    if (portNumber(container, p.httpGet.port) !== appPort) problems.push(`${probe} port ${p.httpGet.port} is not APP_PORT ${appPort}`);
  }

  const service = find(docs, 'Service', 'family-meeting');
  if (!service) problems.push('no Service family-meeting');
  else {
    for (const sp of service.spec.ports) {
      if (portNumber(container, sp.targetPort) !== appPort) problems.push(`Service port ${sp.name} targets ${sp.targetPort}, not APP_PORT`);
    }
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector || {})) {
      if (podLabels[k] !== v) problems.push(`Service selector ${k}=${v} does not select the pods`);
    }
  }

  const pdb = find(docs, 'PodDisruptionBudget');
  if (!pdb) problems.push('no PodDisruptionBudget');
  else {
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels || {})) {
      if (deployment.spec.template.metadata.labels[k] !== v) problems.push(`PDB selector ${k}=${v} does not select the pods`);
    }
  }

  if (!(pod.terminationGracePeriodSeconds >= 120)) problems.push('terminationGracePeriodSeconds is too short to drain meetings');
  const sa = find(docs, 'ServiceAccount', pod.serviceAccountName);
  if (!sa) problems.push(`ServiceAccount ${pod.serviceAccountName} is not in the manifests`);
  else if (!/^[a-z][a-z0-9-]+@[a-z0-9-_A-Z]+\.iam\.gserviceaccount\.com$/.test((sa.metadata.annotations || {})['iam.gke.io/gcp-service-account'] || '')) {
    problems.push('ServiceAccount lacks the Workload Identity annotation iam.gke.io/gcp-service-account');
  }

  if (effective(env, settings, 'SIGNALING_BACKEND') === 'firestore') {
    if (!effective(env, settings, 'GOOGLE_CLOUD_PROJECT')) problems.push('SIGNALING_BACKEND=firestore without GOOGLE_CLOUD_PROJECT');
    if (effective(env, settings, 'FIRESTORE_EMULATOR_HOST')) problems.push('FIRESTORE_EMULATOR_HOST is set in a deployment');
  }

  if (effective(env, settings, 'DISABLE_TELEMETRY') !== 'true') {
    const endpoint = effective(env, settings, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    if (!endpoint) problems.push('telemetry is on but OTEL_EXPORTER_OTLP_ENDPOINT is empty');
    else problems.push(...collectorProblems(docs, pod, endpoint));
  }

  for (const c of [...(pod.initContainers || []), ...pod.containers]) {
    problems.push(...imageProblems(`${c.name} image`, c.image));
  }
  return problems;
}

/** An endpoint on the pod's loopback needs a sidecar collector receiving OTLP on that port. */
function collectorProblems(docs, pod, endpoint) {
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) return [];
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const c of pod.containers) {
    if (c.name === APP_CONTAINER) continue;
    for (const m of c.volumeMounts || []) {
      const vol = (pod.volumes || []).find((v) => v.name === m.name && v.configMap);
      const cm = vol && find(docs, 'ConfigMap', vol.configMap.name);
      for (const text of Object.values((cm && cm.data) || {})) {
        const config = yaml.load(text);
        const otlp = config && config.receivers && config.receivers.otlp;
        const endpoints = otlp ? Object.values(otlp.protocols || {}).map((p) => String(p.endpoint || '')) : [];
        if (endpoints.some((e) => e.endsWith(':' + port))) return [];
      }
    }
  }
  return [`OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint}: no sidecar collector receives OTLP on port ${port}`];
}

function imageProblems(what, image) {
  if (!image) return [`${what} is missing`];
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return [];
  const tag = image.includes(':') && !image.endsWith(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
  if (!tag || tag.includes('/')) return [`${what} ${image} has no tag`];
  if (tag === 'latest') return [`${what} ${image} uses latest`];
  return [];
}

/** variable "x" { ... default = v } in every .tf file of a directory. */
function terraformVariables(dir = path.join(ROOT, 'docker/terraform')) {
  const vars = new Map();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tf'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/variable\s+"([a-z0-9_]+)"\s*\{([\s\S]*?)\n\}/g)) {
      const d = m[2].match(/\n\s*default\s*=\s*("([^"]*)"|[0-9.]+)/);
      vars.set(m[1], d ? (d[2] !== undefined ? d[2] : Number(d[1])) : undefined);
    }
  }
  return vars;
}

function terraformText(dir = path.join(ROOT, 'docker/terraform')) {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

/** Terraform against the base manifests: names, ports, labels, identities, roles. */
function checkTerraform(docs, settings, vars, tf) {
  const problems = [];
  const { env, pod, deployment } = appEnvironment(docs);
  const want = (name, actual, expected, what) => {
    if (String(actual) !== String(expected)) problems.push(`${what}: Terraform has ${actual}, the manifests ${expected}`);
  };
  want('pubsub_topic', vars.get('pubsub_topic'), effective(env, settings, 'PUBSUB_TOPIC'), 'Pub/Sub topic (PUBSUB_TOPIC)');
  want('pubsub_subscription', vars.get('pubsub_subscription'), effective(env, settings, 'PUBSUB_SUBSCRIPTION'), 'Pub/Sub subscription (PUBSUB_SUBSCRIPTION)');
  want('media_port', vars.get('media_port'), effective(env, settings, 'MEDIA_PORT'), 'firewall media port (MEDIA_PORT)');
  want('k8s_namespace', vars.get('k8s_namespace'), deployment.metadata.namespace, 'Workload Identity namespace');
  want('k8s_service_account', vars.get('k8s_service_account'), pod.serviceAccountName, 'Workload Identity service account');
  const sa = find(docs, 'ServiceAccount', pod.serviceAccountName);
  const gsa = ((sa && sa.metadata.annotations) || {})['iam.gke.io/gcp-service-account'] || '';
  want('app_service_account', vars.get('app_service_account'), gsa.split('@')[0], 'Google service account id');
  for (const buffer of ['MEDIA_RECEIVE_BUFFER_BYTES', 'MEDIA_SEND_BUFFER_BYTES']) {
    const bytes = Number(effective(env, settings, buffer));
    if (!(vars.get('udp_buffer_bytes') >= bytes)) problems.push(`node sysctl udp_buffer_bytes ${vars.get('udp_buffer_bytes')} < ${buffer} ${bytes}`);
  }
  for (const [k, v] of Object.entries(pod.nodeSelector || {})) {
    if (!tf.includes(`"${k}" = "${v}"`)) problems.push(`nodeSelector ${k}=${v} is not a label of a Terraform node pool`);
  }
  const tags = [...tf.matchAll(/\btags\s*=\s*\[([^\]]*)\]/g)].map((m) => m[1]).join(',');
  const targets = [...tf.matchAll(/target_tags\s*=\s*\[([^\]]*)\]/g)].map((m) => m[1]).join(',');
  if (!targets || !targets.split(',').every((t) => tags.includes(t.trim()))) problems.push('the UDP firewall rule targets no node pool tag');
  if (!/protocol\s*=\s*"udp"\s*\n\s*ports\s*=\s*\[tostring\(var\.media_port\)\]/.test(tf)) problems.push('no firewall rule opens udp var.media_port');
  if (!/enable_private_nodes\s*=\s*false/.test(tf)) problems.push('the media node pool does not have external IPs (enable_private_nodes = false)');
  if (!/workload_pool\s*=\s*"\$\{var\.project_id\}\.svc\.id\.goog"/.test(tf)) problems.push('the cluster has no Workload Identity pool');
  if (!tf.includes('serviceAccount:${var.project_id}.svc.id.goog[${var.k8s_namespace}/${var.k8s_service_account}]')) problems.push('no Workload Identity binding for the Kubernetes service account');
  for (const role of ['roles/datastore.user', 'roles/pubsub.publisher', 'roles/pubsub.subscriber', 'roles/monitoring.metricWriter', 'roles/cloudtrace.agent', 'roles/iam.workloadIdentityUser']) {
    if (!tf.includes(`"${role}"`)) problems.push(`the service account lacks ${role}`);
  }
  if (!/type\s*=\s*"FIRESTORE_NATIVE"/.test(tf)) problems.push('no Firestore database in native mode');
  const providers = [...tf.matchAll(/source\s*=\s*"([^"]+)"\s*\n\s*version\s*=\s*"([^"]+)"/g)];
  if (!providers.length) problems.push('no pinned provider');
  for (const [, source, version] of providers) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`provider ${source} is not pinned to one version (${version})`);
  }
  return problems;
}

module.exports = {
  ROOT, SETTING_JAVA, MEDIA_SETTINGS_JAVA, HEALTH, IMAGE_KNOBS,
  read, exists, parseSettingEnum, parseMediaSettings, loadSettings, readmeSettings, readmeTableProblems, render, find,
  appEnvironment, effective,
  typeProblems, checkManifests, checkTerraform, terraformVariables, terraformText, imageProblems
};
