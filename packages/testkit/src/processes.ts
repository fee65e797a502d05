import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './infra.js';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const tsxBin = `${repoRoot}node_modules/.bin/tsx`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Runs a TypeScript entry point as a real child process (a service's main.ts,
 * or a fixture) and waits until its /health answers. Tests never import
 * another service's code; they start it like production does.
 */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  options: { port?: number; healthPath?: string; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<RunningProcess> {
  const port = options.port ?? (await freePort());
  const [command, args] = commandFor(entry, options.nodeArgs);
  // Its own process group: tsx runs the service in a grandchild, and only a
  // signal to the group reaches it when the wrapper cannot relay (SIGKILL).
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // tsx relays catchable signals to the service itself; SIGKILL must hit the whole group.
    if (signal === 'SIGKILL' && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill(signal);
  };
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    await waitFor(
      async () => {
        if (exitedEarly) throw new Error('process exited');
        const res = await fetch(`${url}${options.healthPath ?? '/health'}`);
        return res.ok;
      },
      // Generous: on a loaded 2-core CI machine a tsx cold start can take tens of seconds.
      { timeoutMs: options.timeoutMs ?? Number(process.env.TEST_PROCESS_START_TIMEOUT_MS ?? 120_000), intervalMs: 100, what: `${entry} to answer on ${url}` },
    );
  } catch (error) {
    kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- output ---\n${output}`);
  }
  return {
    url,
    port,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      kill(signal);
      return exited;
    },
  };
}

/**
 * A service's entry point: its TypeScript source, or with
 * PLATFORM_SERVICE_RUNTIME=bundle the dist/start that its build script writes
 * and production runs (node with the production flags on dist/main.js; build
 * first: pnpm turbo run build --filter './services/*').
 */
export const serviceEntry = (service: string, runtime: 'bundle' | 'source' = process.env.PLATFORM_SERVICE_RUNTIME === 'bundle' ? 'bundle' : 'source') =>
  runtime === 'bundle' ? `${repoRoot}services/${service}/dist/start` : `${repoRoot}services/${service}/src/main.ts`;

/** A bundle's start script through sh (it execs node: one process), plain JavaScript on node, TypeScript through tsx. */
/** `nodeArgs`: flags Node refuses in NODE_OPTIONS (--cpu-prof); not for the production start script. */
function commandFor(entry: string, nodeArgs: string[] = []): [string, string[]] {
  if (entry.endsWith('/dist/start')) return ['sh', [entry]];
  if (entry.endsWith('.js')) return [process.execPath, [...nodeArgs, entry]];
  return [tsxBin, [...nodeArgs, entry]];
}
