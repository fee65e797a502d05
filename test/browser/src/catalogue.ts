import type { TestApi } from '@platform/testkit';

export interface DemoCatalogue {
  eventId: string;
  planId: string;
  productId: string;
}

async function expectCreated<T>(what: string, request: Promise<{ status: number; body: T }>, status = 201): Promise<T> {
  const res = await request;
  if (res.status !== status) throw new Error(`creating ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * What a fan can buy in a fresh namespace (test namespaces have no seed data),
 * created by an administrator through the API: a PSG match a week away with
 * one 25.00 category, a 9.90 eSIM plan, and a 20.00 jersey.
 */
export async function createDemoCatalogue(api: TestApi, adminToken: string, suffix: string): Promise<DemoCatalogue> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  const event = await expectCreated<{ id: string }>(
    'the event',
    api.post(
      '/api/tickets/admin/events',
      {
        id: `match-${suffix}`,
        clubId: 'psg',
        title: 'PSG - OM (démo)',
        venue: 'Parc des Princes',
        startsAt,
        categories: [{ code: 'standard', name: 'Standard', price: '25.00', capacity: 50 }],
      },
      adminToken,
    ),
  );
  const plan = await expectCreated<{ id: string }>(
    'the eSIM plan',
    api.post('/api/esim/admin/plans', { name: 'Europe 5 Go', dataMb: 5_120, validityDays: 30, countries: ['FR', 'ES'], price: '9.90' }, adminToken),
  );
  await expectCreated('the club', api.request('PUT', '/api/shop/admin/clubs/psg', { body: { name: 'Paris Saint-Germain' }, token: adminToken }), 200);
  const product = await expectCreated<{ id: string }>(
    'the product',
    api.post('/api/shop/admin/products', { clubId: 'psg', category: 'jersey', name: 'Maillot domicile', price: '20.00', stock: 5 }, adminToken),
  );
  return { eventId: event.id, planId: plan.id, productId: product.id };
}
