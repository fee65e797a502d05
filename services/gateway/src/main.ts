import cluster, { type Worker } from 'node:cluster';
import { createLogger, loadConfig } from '@platform/service-kit';
import { buildGateway } from './app.js';
import { type GatewayConfig, gatewayEnvSchema } from './config.js';

const config = loadConfig(gatewayEnvSchema);

if (cluster.isPrimary && config.GATEWAY_WORKERS > 1) runPrimary(config);
else await runGateway(config);

async function runGateway(config: GatewayConfig): Promise<void> {
  const gateway = await buildGateway(config);
  gateway.installSignalHandlers();
  const address = await gateway.listen(config.PORT);
  gateway.logger.info({ address }, 'gateway listening');
}

/**
 * Several gateways on one port without SO_REUSEPORT (Node 20 has none): the
 * primary only forks and accepts; each worker is a whole gateway with its own
 * connections and instance id (docs/decisions/0006). A worker that dies after
 * it served is replaced; one that dies while starting is not, so a bad
 * configuration stops the primary instead of looping.
 */
function runPrimary(config: GatewayConfig): void {
  const log = createLogger({ service: 'gateway', instance: `${config.INSTANCE_ID}-primary`, level: config.LOG_LEVEL });
  const served = new WeakSet<Worker>();
  const live = new Set<Worker>();
  let stopping = false;
  let failed = false;

  const fork = (slot: number) => {
    const worker = cluster.fork({ INSTANCE_ID: `${config.INSTANCE_ID}-${slot}` });
    live.add(worker);
    worker.once('listening', () => served.add(worker));
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) {
        failed ||= code !== 0;
      } else if (served.has(worker)) {
        log.warn({ slot, code, signal }, 'gateway worker died; starting a new one');
        fork(slot);
      } else {
        log.error({ slot, code, signal }, 'gateway worker exited while starting; not restarting it');
        failed = true;
      }
      if (live.size === 0) process.exit(failed ? 1 : 0);
    });
  };
  for (let slot = 1; slot <= config.GATEWAY_WORKERS; slot++) fork(slot);
  log.info({ workers: config.GATEWAY_WORKERS, port: config.PORT }, 'gateway primary started');

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping gateway workers');
    // Each worker drains as a single gateway does on SIGTERM; the primary exits when the last one has.
    for (const worker of live) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
