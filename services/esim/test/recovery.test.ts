import { SimulatedCrash } from '@platform/checkout';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EsimHarness, FRANCE_5GB, startEsimHarness } from './harness.js';

describe('eSIM activations interrupted mid-saga', () => {
  let h: EsimHarness;
  let crashNext = false;
  beforeAll(async () => {
    h = await startEsimHarness({
      faults: {
        afterDebit: () => {
          if (!crashNext) return;
          crashNext = false;
          throw new SimulatedCrash();
        },
      },
    });
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  const latestActivation = async (userId: string) =>
    (await h.sql.query(`SELECT id FROM "${h.schema}".purchases WHERE user_id = $1 ORDER BY seq DESC LIMIT 1`, [userId])).rows[0].id as string;

  it('a crash after the debit ends active, with one charge and one profile, once recovery runs', async () => {
    const fan = await h.platform.newUser('20.00');
    crashNext = true;
    expect((await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token)).status).toBe(500);
    const id = await latestActivation(fan.user.id);
    expect((await h.api.get(`/api/esim/${id}`, fan.token)).body).toMatchObject({ status: 'pending', iccid: null });
    expect(await h.platform.balanceMinor(fan)).toBe(1010);

    expect(await h.esim.purchases.recoverStale()).toMatchObject({ confirmed: 1 });

    const active = await h.api.get('/api/esim/active', fan.token);
    expect(active.body.esims).toEqual([expect.objectContaining({ id, status: 'active', iccid: expect.stringMatching(/^89\d{17}$/) })]);
    expect(await h.platform.balanceMinor(fan)).toBe(1010);
    expect(await h.platform.purchases(fan)).toHaveLength(1);
  });

  it('a supplier that refuses for good ends refunded: the money is back and no eSIM is active', async () => {
    const fan = await h.platform.newUser('20.00');
    crashNext = true;
    expect((await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token)).status).toBe(500);
    const id = await latestActivation(fan.user.id);
    h.provider.mode = 'refuse';
    try {
      expect(await h.esim.purchases.recoverStale()).toMatchObject({ refunded: 1 });
    } finally {
      h.provider.mode = 'ok';
    }
    expect((await h.api.get(`/api/esim/${id}`, fan.token)).body).toMatchObject({ status: 'refunded', iccid: null });
    expect(await h.platform.balanceMinor(fan)).toBe(2000);
    expect((await h.platform.purchases(fan)).map((t) => t.type)).toEqual(['refund', 'payment']);
    expect((await h.api.get('/api/esim/active', fan.token)).body.esims).toEqual([]);
  });

  it('a supplier that is down answers 503 with the pending id; the same Idempotency-Key later gets the eSIM, charged once', async () => {
    const fan = await h.platform.newUser('20.00');
    const headers = { 'idempotency-key': 'while-carrier-down' };
    h.provider.mode = 'unavailable';
    let pending: any;
    try {
      pending = await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token, headers);
    } finally {
      h.provider.mode = 'ok';
    }
    expect(pending).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', details: { status: 'pending' } } } });
    expect(await h.platform.balanceMinor(fan)).toBe(1010);

    const retried = await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token, headers);
    expect(retried).toMatchObject({ status: 201, body: { esim: { id: pending.body.error.details.orderId, status: 'active' } } });
    expect(await h.platform.balanceMinor(fan)).toBe(1010);
    expect(await h.platform.purchases(fan)).toHaveLength(1);
  });

  it('a provider permanently refusing during the request refunds at once', async () => {
    const fan = await h.platform.newUser('20.00');
    h.provider.mode = 'refuse';
    let res: any;
    try {
      res = await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token);
    } finally {
      h.provider.mode = 'ok';
    }
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', details: { reason: 'PROVIDER_REFUSED', status: 'refunded' } } } });
    expect(await h.platform.balanceMinor(fan)).toBe(2000);
  });
});
