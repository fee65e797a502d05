import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import { exampleCustomRequest, exampleExhibition, exampleOrder, examplePainting, exampleSetting, exampleUser } from './examples.js';
import { customRequestRow, exhibitionRow, orderRow, paintingRow, settingRow, userRow } from './rows.js';

export const exportFull = defineOperation({
  name: 'template-export.exportFull',
  service: 'template-export',
  summary: 'Every table in one response (small Templates only: refused with 413 above a size limit; page the other routes instead)',
  auth: 'api-key',
  errorStyle: 'flat',
  http: { method: 'GET', path: '/api/export/full' },
  input: z.object({}),
  output: z.object({
    data: z.object({
      settings: z.array(settingRow),
      paintings: z.array(paintingRow),
      orders: z.array(orderRow),
      users: z.array(userRow),
      exhibitions: z.array(exhibitionRow),
      custom_requests: z.array(customRequestRow),
    }),
    tables_count: z.number().int(),
    total_records: z.number().int(),
    exported_at: z.string(),
  }),
  timeoutMs: 30_000,
  tags: ['template-export'],
  examples: {
    input: {},
    output: {
      data: {
        settings: [exampleSetting],
        paintings: [examplePainting],
        orders: [exampleOrder],
        users: [exampleUser],
        exhibitions: [exampleExhibition],
        custom_requests: [exampleCustomRequest],
      },
      tables_count: 6,
      total_records: 6,
      exported_at: '2026-03-01T18:30:00.000Z',
    },
  },
});
