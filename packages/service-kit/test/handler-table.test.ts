import type { NatsConnection } from '@nats-io/transport-node';
import { wallet } from '@platform/contracts';
import { baseEnvSchema, type HandlerTable, parseConfig, Service } from '@platform/service-kit';
import { serviceEnv, uniqueNamespace } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unused, walletTable } from './fixtures/handler-tables.js';
import { call, natsConnect } from './nats-client.js';

const userId = '00000000-0000-4000-8000-000000000001';

describe('handler tables derived from the contracts', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await natsConnect();
  });
  afterAll(async () => nc?.close());

  const walletService = (namespace: string) => new Service({ name: 'wallet', config: parseConfig(baseEnvSchema, serviceEnv('wallet', namespace)) });

  it('serves every operation of the table over NATS', async () => {
    const namespace = uniqueNamespace('kh');
    const service = await walletService(namespace).serve(walletTable).connect();
    try {
      const reply = await call(nc, wallet.balance, namespace, { userId });
      expect(reply).toEqual({ ok: true, data: { userId, balance: 12.5, balanceMinor: 1250, currency: 'EUR' } });
    } finally {
      await service.stop();
    }
  });

  it('refuses at start a table forced past the compiler: a missing handler or one that is not the service’s', () => {
    const { [wallet.refund.name]: _refund, ...withoutRefund } = walletTable;
    expect(() => walletService(uniqueNamespace('kh')).serve(withoutRefund as HandlerTable<'wallet'>)).toThrow('wallet has no handler for wallet.refund');
    const withForeign = { ...walletTable, 'shop.checkout': unused } as HandlerTable<'wallet'>;
    expect(() => walletService(uniqueNamespace('kh')).serve(withForeign)).toThrow('not its own: shop.checkout');
  });
});
