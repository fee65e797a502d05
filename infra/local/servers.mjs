// How the platform's local servers are found, started and waited for. Shared by
// ensure-infra.mjs (the long-lived servers of npm start / npm test) and the
// testkit's private infrastructure (packages/testkit/src/private-infra.ts), which
// starts throwaway copies on free ports for the suites that restart them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function reachable(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitUntilReachable(name, host, port, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await reachable(host, port)) return;
    await sleep(250);
  }
  throw new Error(`${name} did not come up on ${host}:${port} within ${timeoutMs / 1000}s`);
}

/** The absolute path of a command on PATH, or undefined. */
export function commandPath(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** nats-server with JetStream storing under `storeDir` (the same flags as docker-compose's). */
export const natsServerArgs = ({ host = '127.0.0.1', port, storeDir }) => ['-a', host, '-p', String(port), '-js', '-sd', storeDir];

/**
 * redis-server in the foreground. With `dataDir`, an append-only file there keeps
 * queues and schedules across a restart, as in production (docker-compose);
 * without, nothing is persisted.
 */
export const redisServerArgs = ({ host = '127.0.0.1', port, dataDir }) => [
  '--bind',
  host,
  '--port',
  String(port),
  '--save',
  '',
  ...(dataDir ? ['--appendonly', 'yes', '--dir', dataDir, '--maxmemory-policy', 'noeviction'] : ['--appendonly', 'no']),
];

/**
 * The directory of PostgreSQL's server programs (initdb, postgres): Debian keeps
 * them out of PATH in /usr/lib/postgresql/<version>/bin; elsewhere they are on PATH.
 */
export function postgresBinDir() {
  const onPath = commandPath('initdb');
  if (onPath) return dirname(onPath);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(`${root}/${version}/bin/initdb`))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('initdb not found: install PostgreSQL (Debian package postgresql)');
  return `${root}/${versions[0]}/bin`;
}
