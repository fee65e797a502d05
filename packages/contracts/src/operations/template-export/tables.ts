import type { z } from 'zod';
import { defineOperation } from '../../operation.js';
import { exampleCustomRequest, exampleExhibition, exampleOrder, examplePainting, exampleSetting, exampleUser } from './examples.js';
import { customRequestsPage, exhibitionsPage, exportPageInput, ordersPage, paintingsPage, settingsPage, usersPage } from './pages.js';

const listOperation = <Op extends string, O extends z.ZodType>(op: Op, path: string, summary: string, output: O, exampleOutput: z.output<O>) =>
  defineOperation({
    name: `template-export.${op}`,
    service: 'template-export',
    summary,
    auth: 'api-key',
    errorStyle: 'flat',
    http: { method: 'GET', path: `/api/export/${path}` },
    input: exportPageInput,
    output,
    tags: ['template-export'],
    examples: { input: { limit: 100, updated_since: '2026-03-01T00:00:00Z' }, output: exampleOutput },
  });

/** A last page of one row, as a client sees it after following next_cursor. */
const examplePage = <Row>(row: Row) => ({ data: [row], count: 1, total: 1, limit: 100, offset: 0, has_more: false, next_cursor: null });

export const exportSettings = listOperation('exportSettings', 'settings', 'Template settings as {key, value}', settingsPage, examplePage(exampleSetting));

export const exportPaintings = listOperation('exportPaintings', 'paintings', 'Paintings', paintingsPage, examplePage(examplePainting));

export const exportOrders = listOperation('exportOrders', 'orders', 'Orders with their items', ordersPage, examplePage(exampleOrder));

export const exportUsers = listOperation('exportUsers', 'users', 'Customer accounts (never a password hash)', usersPage, examplePage(exampleUser));

export const exportExhibitions = listOperation('exportExhibitions', 'exhibitions', 'Exhibitions', exhibitionsPage, examplePage(exampleExhibition));

export const exportCustomRequests = listOperation(
  'exportCustomRequests',
  'custom-requests',
  'Custom painting requests',
  customRequestsPage,
  examplePage(exampleCustomRequest),
);
