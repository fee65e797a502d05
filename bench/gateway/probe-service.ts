// A minimal service built with the service kit: what a real service costs
// without any database work.
import { baseEnvSchema, loadConfig, Service } from '@platform/service-kit';
import { benchPing } from './probe-operation.js';

const service = new Service({ name: 'benchprobe', config: loadConfig(baseEnvSchema) });
service.handle(benchPing, async (_input, ctx) => ({ pong: true, userId: ctx.user!.id }));
await service.connect();
service.installSignalHandlers();
console.log('READY');
