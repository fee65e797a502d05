import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { waitFor } from './infra.js';
import { freePort, repoRoot } from './processes.js';

/**
 * Throwaway PostgreSQL, Redis and nats-server (JetStream) on free ports, with
 * their data in a temporary directory, for suites that stop and restart the
 * infrastructure: the shared servers other test files use are never touched.
 * Services reach them through `env` (NATS_URL, DATABASE_URL, REDIS_URL).
 */
export type InfraServerName = 'nats' | 'redis' | 'postgres';

export interface RestartOptions {
  /** A crash instead of a clean stop: SIGKILL for NATS and Redis, an immediate shutdown (crash recovery on start) for PostgreSQL. */
  hard?: boolean;
  /** How long the server stays down before it starts again (default 2 s), so clients meet the outage. */
  downMs?: number;
}

export interface PrivateInfra {
  natsUrl: string;
  redisUrl: string;
  databaseUrl: string;
  /** The variables a service reads: pass as startPlatform's `env`. */
  env: { NATS_URL: string; REDIS_URL: string; DATABASE_URL: string };
  /** Stops one server and starts it again on the same port and data; resolves once it answers again. */
  restart(name: InfraServerName, options?: RestartOptions): Promise<void>;
  /** Stops every server and deletes the data. */
  stop(): Promise<void>;
}

interface LocalServers {
  natsServerArgs(options: { port: number; storeDir: string }): string[];
  redisServerArgs(options: { port: number; dataDir?: string }): string[];
  postgresBinDir(): string;
  commandPath(command: string): string | undefined;
  waitUntilReachable(name: string, host: string, port: number, timeoutMs?: number): Promise<void>;
}

const loadLocalServers = async () => (await import(pathToFileURL(`${repoRoot}infra/local/servers.mjs`).href)) as LocalServers;

const isRoot = process.getuid?.() === 0;
const START_TIMEOUT_MS = 60_000;

interface ServerSpec {
  name: InfraServerName;
  command: string;
  args: string[];
  /** Signals for a clean stop and for a crash. */
  stopSignal: NodeJS.Signals;
  crashSignal: NodeJS.Signals;
  ready(): Promise<void>;
}

/** One server process that can be stopped and started again with the same command line. */
class ManagedServer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly spec: ServerSpec,
    private readonly logFile: string,
  ) {}

  async start(): Promise<void> {
    const out = openSync(this.logFile, 'a');
    const child = spawn(this.spec.command, this.spec.args, { stdio: ['ignore', out, out] });
    this.child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    await Promise.race([
      this.spec.ready(),
      waitFor(() => exited, { timeoutMs: START_TIMEOUT_MS, intervalMs: 100 }).then(() => {
        throw new Error(`${this.spec.name} exited at start; see ${this.logFile}`);
      }),
    ]);
  }

  async stop(crash = false): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(crash ? this.spec.crashSignal : this.spec.stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** For process exit: nothing async is possible any more. */
  killNow(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function asPostgresUser(command: string, args: string[]): { command: string; args: string[] } {
  return isRoot ? { command: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args] } : { command, args };
}

function prepareDataDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
}

async function postgresAnswers(url: string): Promise<void> {
  await waitFor(
    async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: START_TIMEOUT_MS, intervalMs: 200, what: `PostgreSQL at ${url}` },
  );
}

export async function startPrivateInfra(): Promise<PrivateInfra> {
  const local = await loadLocalServers();
  const root = mkdtempSync(join(tmpdir(), 'platform-private-infra-'));
  // The postgres user must be able to reach its data directory inside.
  chmodSync(root, 0o711);
  const [natsPort, redisPort, postgresPort] = [await freePort(), await freePort(), await freePort()];
  const host = '127.0.0.1';
  const natsUrl = `nats://${host}:${natsPort}`;
  const redisUrl = `redis://${host}:${redisPort}`;
  const databaseUrl = `postgresql://postgres:postgres@${host}:${postgresPort}/platform`;

  const natsServer = local.commandPath('nats-server');
  const redisServer = local.commandPath('redis-server');
  if (!natsServer || !redisServer) throw new Error('nats-server and redis-server must be installed (npm test installs them when root)');

  const pgBin = local.postgresBinDir();
  const pgData = join(root, 'postgres');
  prepareDataDirectory(pgData);
  const initdb = asPostgresUser(`${pgBin}/initdb`, ['-D', pgData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--nosync']);
  execFileSync(initdb.command, initdb.args, { stdio: 'ignore' });
  // Durability settings off: the machine never crashes under a test, only the server does.
  const postgres = asPostgresUser(`${pgBin}/postgres`, [
    '-D',
    pgData,
    '-p',
    String(postgresPort),
    '-k',
    pgData,
    '-c',
    `listen_addresses=${host}`,
    '-c',
    'max_connections=300',
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
  ]);
  const redisData = join(root, 'redis');
  mkdirSync(redisData);
  const adminUrl = databaseUrl.replace(/\/platform$/, '/postgres');

  const specs: ServerSpec[] = [
    {
      name: 'nats',
      command: natsServer,
      args: local.natsServerArgs({ port: natsPort, storeDir: join(root, 'nats') }),
      stopSignal: 'SIGTERM',
      crashSignal: 'SIGKILL',
      ready: () => local.waitUntilReachable('NATS', host, natsPort, START_TIMEOUT_MS),
    },
    {
      name: 'redis',
      command: redisServer,
      args: local.redisServerArgs({ port: redisPort, dataDir: redisData }),
      stopSignal: 'SIGTERM',
      crashSignal: 'SIGKILL',
      ready: () => local.waitUntilReachable('Redis', host, redisPort, START_TIMEOUT_MS),
    },
    {
      name: 'postgres',
      command: postgres.command,
      args: postgres.args,
      // SIGINT is PostgreSQL's fast shutdown; SIGQUIT its immediate one (a crash: recovery on the next start).
      // Never SIGKILL the postmaster: its backends would survive and hold the shared memory.
      stopSignal: 'SIGINT',
      crashSignal: 'SIGQUIT',
      ready: () => postgresAnswers(adminUrl),
    },
  ];
  const servers = new Map(specs.map((spec) => [spec.name, new ManagedServer(spec, join(root, `${spec.name}.log`))]));
  const killAll = () => {
    for (const server of servers.values()) server.killNow();
  };
  process.once('exit', killAll);

  const stop = async () => {
    process.off('exit', killAll);
    await Promise.allSettled([...servers.values()].map((server) => server.stop()));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await Promise.all([...servers.values()].map((server) => server.start()));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE platform');
    await admin.end();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    natsUrl,
    redisUrl,
    databaseUrl,
    env: { NATS_URL: natsUrl, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl },
    async restart(name, options = {}) {
      const server = servers.get(name)!;
      await server.stop(options.hard ?? false);
      await new Promise((resolve) => setTimeout(resolve, options.downMs ?? 2_000));
      await server.start();
    },
    stop,
  };
}
