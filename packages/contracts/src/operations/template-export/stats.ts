import { z } from 'zod';
import { defineOperation } from '../../operation.js';

export const templateStats = z.object({
  settings: z.number().int(),
  paintings: z.number().int(),
  paintings_available: z.number().int(),
  paintings_sold: z.number().int(),
  orders: z.number().int(),
  order_items: z.number().int(),
  revenue_cents: z.number().int(),
  users: z.number().int(),
  exhibitions: z.number().int(),
  custom_requests: z.number().int(),
  last_updated_at: z.string().nullable(),
});

export const exportStats = defineOperation({
  name: 'template-export.exportStats',
  service: 'template-export',
  summary: 'Counters of the Template (also the health check of the seed client)',
  auth: 'api-key',
  errorStyle: 'flat',
  http: { method: 'GET', path: '/api/export/stats' },
  input: z.object({}),
  output: z.object({ stats: templateStats }),
  tags: ['template-export'],
  examples: {
    input: {},
    output: {
      stats: {
        settings: 8,
        paintings: 146,
        paintings_available: 121,
        paintings_sold: 25,
        orders: 31,
        order_items: 38,
        revenue_cents: 4_215_000,
        users: 57,
        exhibitions: 4,
        custom_requests: 9,
        last_updated_at: '2026-03-01T08:15:00.000Z',
      },
    },
  },
});
