// `npm start -- --replicas N` (or REPLICAS=N npm start), after the build:
// N instances of every service, and the gateway as one process of N cluster
// workers sharing :3000 (docs/decisions/0006). Run with tsx, so the service
// list and ports come from the contracts rather than a copy of them.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVICE_PORTS, type ServiceName, serviceNames } from '../../packages/contracts/src/services.js';

/** Replica i of a service serves /health, /ready and /metrics on its base port + (i - 1) × 1000 (wallet: 3101, 4101, …). */
const PORT_STRIDE = 1000;
const MAX_REPLICAS = 9;

interface Instance {
  id: string;
  service: ServiceName;
  env: Record<string, string>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function replicaCount(): number {
  const { values } = parseArgs({ options: { replicas: { type: 'string' } } });
  const text = values.replicas ?? process.env.REPLICAS ?? '1';
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
    process.stderr.write(`[replicas] --replicas must be a whole number from 1 to ${MAX_REPLICAS}, got "${text}"\n`);
    process.exit(64); // EX_USAGE
  }
  return count;
}

function plannedInstances(replicas: number): Instance[] {
  return serviceNames.flatMap((service): Instance[] => {
    // One process: its primary forks the workers, which share the public port.
    if (service === 'gateway') return [{ id: 'gateway', service, env: { INSTANCE_ID: 'gateway', GATEWAY_WORKERS: String(replicas) } }];
    return Array.from({ length: replicas }, (_, index) => ({
      id: `${service}-${index + 1}`,
      service,
      env: { INSTANCE_ID: `${service}-${index + 1}`, HTTP_PORT: String(SERVICE_PORTS[service] + index * PORT_STRIDE) },
    }));
  });
}

function start(instance: Instance, width: number): ChildProcess {
  // dist/start: the bundle with the node flags production runs it with (infra/build/bundle-service.mjs).
  const child = spawn('sh', ['dist/start'], {
    cwd: `${root}services/${instance.service}`,
    env: { ...process.env, ...instance.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${instance.id.padEnd(width)} | `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
  }
  return child;
}

function main(): void {
  const replicas = replicaCount();
  const instances = plannedInstances(replicas);
  const width = Math.max(...instances.map((instance) => instance.id.length));
  const running = new Map<string, ChildProcess>();
  let stopping = false;
  let failures = 0;

  for (const instance of instances) {
    const child = start(instance, width);
    running.set(instance.id, child);
    child.once('exit', (code, signal) => {
      running.delete(instance.id);
      if (code !== 0) failures++;
      // Losing one replica is what the platform is built to survive: the others keep serving.
      if (!stopping) process.stdout.write(`[replicas] ${instance.id} exited (${signal ?? `code ${code}`}); ${running.size} processes still running\n`);
      if (running.size === 0) process.exit(failures > 0 ? 1 : 0);
    });
  }
  process.stdout.write(`[replicas] ${replicas} instances of every service; gateway: ${replicas} workers on :${process.env.PORT ?? SERVICE_PORTS.gateway}\n`);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[replicas] ${signal}: stopping ${running.size} processes\n`);
    for (const child of running.values()) child.kill('SIGTERM');
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
