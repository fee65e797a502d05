import { z } from 'zod';

const timestamp = z.string().describe('ISO 8601, millisecond precision, UTC');

const id = z.number().int();

export const settingRow = z.object({ id, key: z.string(), value: z.string(), created_at: timestamp, updated_at: timestamp });

export const paintingRow = z.object({
  id,
  name: z.string(),
  description: z.string(),
  artist: z.string(),
  category: z.string().nullable(),
  technique: z.string().nullable(),
  width_cm: z.number().int().nullable(),
  height_cm: z.number().int().nullable(),
  year: z.number().int().nullable(),
  price_cents: z.number().int().describe('Price in euro cents (exact integer, never a float)'),
  currency: z.string(),
  image_url: z.string().nullable(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const orderItemRow = z.object({
  id,
  order_id: id,
  painting_id: id.nullable(),
  painting_name: z.string(),
  quantity: z.number().int(),
  unit_price_cents: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const orderRow = z.object({
  id,
  customer_name: z.string(),
  customer_email: z.string(),
  customer_phone: z.string().nullable(),
  shipping_address: z.string(),
  status: z.string(),
  total_cents: z.number().int(),
  currency: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  items: z.array(orderItemRow),
});

/** No password hash, ever: the schema has no such field, so even a stray column would be stripped. */
export const userRow = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: z.string(),
  phone: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const exhibitionRow = z.object({
  id,
  title: z.string(),
  description: z.string(),
  location: z.string(),
  start_date: z.string().nullable().describe('YYYY-MM-DD'),
  end_date: z.string().nullable().describe('YYYY-MM-DD'),
  created_at: timestamp,
  updated_at: timestamp,
});

export const customRequestRow = z.object({
  id,
  client_name: z.string(),
  client_email: z.string(),
  client_phone: z.string().nullable(),
  description: z.string(),
  dimensions: z.string().nullable(),
  budget_cents: z.number().int().nullable(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});
