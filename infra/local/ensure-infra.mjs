// Brings up what the platform needs and is not running: PostgreSQL, Redis,
// NATS (JetStream) and S3-compatible object storage. A URL from the environment
// is used as is when reachable; otherwise a local server is started, installing its Debian package first
// when missing and we are root. Idempotent: running servers are left alone.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { platformEnv } from './env.mjs';
import { commandPath, natsServerArgs, reachable, redisServerArgs, waitUntilReachable } from './servers.mjs';
import { applyBucketFromEnv, endpointFromEnv } from '../storage/apply-bucket.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stateDir = `${root}.local`;
const env = platformEnv();
const isRoot = process.getuid?.() === 0;

const log = (message) => console.log(`[infra] ${message}`);
const isLocal = (host) => ['127.0.0.1', 'localhost', '::1'].includes(host);
const has = (command) => commandPath(command) !== undefined;
let aptUpdated = false;

function aptInstall(pkg, command) {
  if (has(command)) return;
  if (!isRoot) throw new Error(`${command} is missing; install the Debian package ${pkg} (sudo apt-get install ${pkg}) or set the URL of a running server`);
  log(`installing ${pkg} from apt`);
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Starts a server detached from this process, logging to .local/<logName>.log. */
function background(command, args, logName, extraEnv = {}) {
  mkdirSync(stateDir, { recursive: true });
  const out = openSync(`${stateDir}/${logName}.log`, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...extraEnv } });
  child.unref();
}

async function ensurePostgres() {
  const url = new URL(env.DATABASE_URL);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (!(await reachable(host, port))) {
    if (!isLocal(host)) throw new Error(`PostgreSQL at ${host}:${port} (DATABASE_URL) is not reachable`);
    aptInstall('postgresql', 'pg_ctlcluster');
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
    if (versions.length === 0) throw new Error('postgresql is installed but has no cluster in /etc/postgresql');
    log(`starting PostgreSQL ${versions[0]}`);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'], { stdio: 'inherit' });
    await waitUntilReachable('PostgreSQL', host, port);
  }
  await ensureDatabase(url);
}

/** Creates the platform database. A freshly installed server gets the local password from DATABASE_URL. */
async function ensureDatabase(url) {
  const database = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  let client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    if (!(isLocal(url.hostname) && isRoot && /password|authentication/i.test(error.message))) throw error;
    log('setting the local postgres password from DATABASE_URL');
    const password = decodeURIComponent(url.password).replace(/'/g, "''");
    execFileSync('su', ['postgres', '-c', `psql -q -c "ALTER USER ${url.username || 'postgres'} PASSWORD '${password}'"`], { stdio: 'inherit' });
    client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      log(`creating database ${database}`);
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
    }
  } finally {
    await client.end();
  }
}

async function ensureRedis() {
  const url = new URL(env.REDIS_URL);
  const port = Number(url.port || 6379);
  if (await reachable(url.hostname, port)) return;
  if (!isLocal(url.hostname)) throw new Error(`Redis at ${url.hostname}:${port} (REDIS_URL) is not reachable`);
  aptInstall('redis-server', 'redis-server');
  log('starting Redis');
  execFileSync('redis-server', ['--daemonize', 'yes', ...redisServerArgs({ port })], { stdio: 'inherit' });
  await waitUntilReachable('Redis', url.hostname, port);
}

async function ensureNats() {
  const first = env.NATS_URL.split(',')[0];
  const url = new URL(first);
  const port = Number(url.port || 4222);
  if (await reachable(url.hostname, port)) return;
  if (!isLocal(url.hostname)) throw new Error(`NATS at ${url.hostname}:${port} (NATS_URL) is not reachable`);
  aptInstall('nats-server', 'nats-server');
  log('starting nats-server with JetStream');
  mkdirSync(`${stateDir}/nats`, { recursive: true });
  background('nats-server', natsServerArgs({ port, storeDir: `${stateDir}/nats` }), 'nats-server');
  await waitUntilReachable('NATS', url.hostname, port);
}

/** True when the store answers an anonymous ListBuckets: no R2-like access rules. */
async function listsToAnyone(endpoint) {
  try {
    const res = await fetch(`${endpoint.replace(/\/+$/, '')}/`, { signal: AbortSignal.timeout(3_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Object storage: the configured endpoint when reachable; on loopback, the local
 * S3-compatible server (infra/local/s3-server.mjs) is started in the background
 * with its data under .local/s3. Then both buckets (public and private), the
 * seed's CORS policy and the public bucket's read policy are applied.
 */
async function ensureObjectStorage() {
  const endpoint = endpointFromEnv(env);
  if (!endpoint) throw new Error('no object storage configured: set R2_ENDPOINT_URL (or R2_ACCOUNT_ID)');
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!(await reachable(url.hostname, port))) {
    if (!isLocal(url.hostname)) throw new Error(`object storage at ${url.host} (R2_ENDPOINT_URL) is not reachable`);
    log('starting the local S3-compatible server');
    mkdirSync(`${stateDir}/s3`, { recursive: true });
    // Credentials travel in the environment, never on the command line.
    background(process.execPath, [`${root}infra/local/s3-server.mjs`, '--host', url.hostname, '--port', String(port), '--dir', `${stateDir}/s3`], 's3-server', {
      R2_ACCESS_KEY_ID: env.R2_ACCESS_KEY_ID ?? '',
      R2_SECRET_ACCESS_KEY: env.R2_SECRET_ACCESS_KEY ?? '',
    });
    await waitUntilReachable('S3 server', url.hostname, port);
  } else if (isLocal(url.hostname) && (await listsToAnyone(endpoint))) {
    // A local server started by an older checkout keeps running between runs: it would serve the private bucket to anyone.
    log(`WARNING: the S3 server at ${url.host} lets anyone list buckets: it is an older local server; stop it and run again (docs/operations.md#two-buckets)`);
  }
  await applyBucketFromEnv(env, (message) => log(message));
}

try {
  await ensurePostgres();
  await ensureRedis();
  await ensureNats();
  await ensureObjectStorage();
  log('PostgreSQL, Redis, NATS and object storage are up');
} catch (error) {
  console.error(`[infra] ${error.message}`);
  process.exit(1);
}
