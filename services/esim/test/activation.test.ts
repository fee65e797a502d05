import { esim } from '@platform/contracts';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { waitFor } from '@platform/testkit';
import { readStreamEvents } from '@platform/testkit/event-stream';
import { decodeQrPng, fetchBytes } from '@platform/testkit/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidIccid } from '../src/domain/iccid.js';
import { EUROPE_10GB, type EsimHarness, FRANCE_5GB, SMDP_HOST, startEsimHarness } from './harness.js';

describe('eSIM plans and activation through the gateway', () => {
  let h: EsimHarness;
  beforeAll(async () => {
    h = await startEsimHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('lists the plans with data, validity, countries and price, and filters by country', async () => {
    const all = await h.api.get('/api/esim/plans');
    expect(all.status).toBe(200);
    expect(all.body.plans.length).toBeGreaterThanOrEqual(6);
    expect(all.body.plans.find((p: { id: string }) => p.id === FRANCE_5GB)).toEqual({
      id: FRANCE_5GB,
      name: 'France 5 GB',
      description: expect.any(String),
      dataMb: 5120,
      dataGb: 5,
      validityDays: 15,
      countries: ['FR'],
      price: 9.9,
      priceMinor: 990,
      currency: 'EUR',
      active: true,
    });
    const japan = await h.api.get('/api/esim/plans?country=jp');
    expect(japan.body.plans.every((p: { countries: string[] }) => p.countries.includes('JP'))).toBe(true);
    expect(japan.body.plans.map((p: { name: string }) => p.name)).toEqual(['Japan 3 GB', 'World 1 GB']);
    expect(await h.api.get('/api/esim/plans?country=France')).toMatchObject({ status: 400, body: { error: { field: 'country' } } });
  });

  it('activates a plan: one charge, an ICCID, the GSMA activation code and a QR code that reads back to it', async () => {
    const fan = await h.platform.newUser('30.00');

    const res = await h.api.post('/api/esim/activate', { planId: EUROPE_10GB }, fan.token);

    expect(res.status).toBe(201);
    const profile = res.body.esim;
    expect(profile).toMatchObject({ planId: EUROPE_10GB, status: 'active', smdpAddress: SMDP_HOST, plan: { name: 'Europe 10 GB', priceMinor: 1990 } });
    expect(isValidIccid(profile.iccid)).toBe(true);
    expect(profile.activationCode).toBe(`LPA:1$${SMDP_HOST}$${profile.matchingId}`);
    expect(decodeQrPng(profile.qrCodeDataUrl)).toBe(profile.activationCode);
    const days = (Date.parse(profile.expiresAt) - Date.parse(profile.activatedAt)) / 86_400_000;
    expect(days).toBe(30);
    expect(await h.platform.balanceMinor(fan)).toBe(1010);
    expect(await h.platform.purchases(fan)).toEqual([expect.objectContaining({ type: 'payment', amountMinor: 1990, reference: profile.id })]);

    const active = await h.api.get('/api/esim/active', fan.token);
    expect(active.body.esims).toEqual([profile]);
    expect(active.body.esim).toEqual(profile);

    const png = await fetchBytes(`${h.api.baseUrl}/api/esim/${profile.id}/qr`, { token: fan.token, accept: 'image/png' });
    expect(png.status).toBe(200);
    expect(png.contentType).toBe('image/png');
    expect(decodeQrPng(png.body)).toBe(profile.activationCode);
    const json = await h.api.get(`/api/esim/${profile.id}/qr`, fan.token);
    expect(json.body).toMatchObject({
      id: profile.id,
      activationCode: profile.activationCode,
      qrCodeDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });

    const event = await waitFor(
      async () => (await readStreamEvents<any>(h.platform.namespace, esim.activated.subject)).find((e) => e.data.esimId === profile.id),
      { what: 'evt.esim.activated' },
    );
    expect(event.data).toMatchObject({
      userId: fan.user.id,
      planId: EUROPE_10GB,
      totalMinor: 1990,
      iccid: profile.iccid,
      dataMb: 10240,
      countries: expect.arrayContaining(['FR']),
    });
    expect(JSON.stringify(event.data)).not.toContain(profile.matchingId);
  });

  it('replays a retried activation with the same Idempotency-Key: one eSIM, one charge', async () => {
    const fan = await h.platform.newUser('20.00');
    const headers = { 'idempotency-key': 'activate-france-1' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token, headers)));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(new Set(responses.map((r) => r.body.esim.iccid)).size).toBe(1);
    expect(await h.platform.balanceMinor(fan)).toBe(1010);
    expect((await h.api.get('/api/esim/active', fan.token)).body.esims).toHaveLength(1);
    expect(h.provider.issued.filter((o) => o.userId === fan.user.id)).toHaveLength(1);
  });

  it('answers 402 with the balance when the wallet cannot pay, and issues nothing', async () => {
    const fan = await h.platform.newUser('5.00');
    const res = await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, fan.token);
    expect(res).toMatchObject({
      status: 402,
      body: { error: { code: 'INSUFFICIENT_FUNDS', details: { balanceMinor: 500, totalMinor: 990, status: 'failed' } } },
    });
    expect(await h.platform.balanceMinor(fan)).toBe(500);
    expect((await h.api.get('/api/esim/active', fan.token)).body).toEqual({ esims: [], esim: null });
    expect((await h.api.get(`/api/esim/${res.body.error.details.orderId}`, fan.token)).body).toMatchObject({
      status: 'failed',
      iccid: null,
      qrCodeDataUrl: null,
    });
    expect(h.provider.issued.filter((o) => o.userId === fan.user.id)).toEqual([]);
  });

  it('answers 404 for an unknown plan and another user’s eSIM, 400 naming the field for bad input', async () => {
    const fan = await h.platform.newUser('20.00');
    const unknown = await h.api.post('/api/esim/activate', { planId: '00000000-0000-4000-8000-0000000fffff' }, fan.token);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', field: 'planId' } } });
    for (const body of [{}, { planId: 'plan-1' }, { planId: 7 }, { planId: FRANCE_5GB, price: 0.01 }]) {
      const res = await h.api.post('/api/esim/activate', body, fan.token);
      expect({ body, status: res.status, field: res.body.error?.field }).toEqual({ body, status: 400, field: 'price' in body ? 'price' : 'planId' });
    }
    expect(await h.platform.balanceMinor(fan)).toBe(2000);

    const owner = await h.platform.newUser('20.00');
    const { body } = await h.api.post('/api/esim/activate', { planId: FRANCE_5GB }, owner.token);
    expect((await h.api.get(`/api/esim/${body.esim.id}`, fan.token)).status).toBe(404);
    expect((await h.api.get(`/api/esim/${body.esim.id}/qr`, fan.token)).status).toBe(404);
    expect((await fetchBytes(`${h.api.baseUrl}/api/esim/${body.esim.id}/qr`, { token: fan.token, accept: 'image/png' })).status).toBe(404);
    expect((await h.api.get('/api/esim/active', fan.token)).body.esims).toEqual([]);
    expect((await h.api.post('/api/esim/activate', { planId: FRANCE_5GB })).status).toBe(401);
  });

  it('lets admins put plans on sale, change and withdraw them; bought eSIMs keep their terms', async () => {
    const fan = await h.platform.newUser('50.00');
    const plan = { name: 'Morocco 2 GB', dataMb: 2048, validityDays: 7, countries: ['ma'], price: '6.50' };
    expect((await h.api.post('/api/esim/admin/plans', plan, fan.token)).status).toBe(403);
    const created = await h.api.post('/api/esim/admin/plans', plan, h.admin.token);
    expect(created).toMatchObject({ status: 201, body: { countries: ['MA'], priceMinor: 650, dataGb: 2 } });
    const bought = await h.api.post('/api/esim/activate', { planId: created.body.id }, fan.token);
    expect(bought.status).toBe(201);

    const changed = await h.api.request('PATCH', `/api/esim/admin/plans/${created.body.id}`, { body: { price: 7, active: false }, token: h.admin.token });
    expect(changed.body).toMatchObject({ priceMinor: 700, active: false });
    expect((await h.api.get('/api/esim/plans?country=MA')).body.plans.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    expect((await h.api.post('/api/esim/activate', { planId: created.body.id }, fan.token)).status).toBe(404);
    const mine = await h.api.get(`/api/esim/${bought.body.esim.id}`, fan.token);
    expect(mine.body).toMatchObject({ status: 'active', plan: { priceMinor: 650, active: false } });

    expect(await h.api.post('/api/esim/admin/plans', { ...plan, countries: [] }, h.admin.token)).toMatchObject({
      status: 400,
      body: { error: { field: 'countries' } },
    });
    expect(
      (await h.api.request('PATCH', '/api/esim/admin/plans/00000000-0000-4000-8000-0000000fffff', { body: { price: 1 }, token: h.admin.token })).status,
    ).toBe(404);
  });
});
