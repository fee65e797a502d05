import type { z } from 'zod';
import type { customRequestRow, exhibitionRow, orderRow, paintingRow, settingRow, userRow } from './rows.js';

/** Rows shown in /docs, used by both the per-table routes and the full export. */

const exampleStamps = { created_at: '2026-01-10T10:00:00.000Z', updated_at: '2026-03-01T08:15:00.000Z' };

export const exampleSetting = { id: 1, key: 'site_title', value: 'Galerie Template', ...exampleStamps } satisfies z.output<typeof settingRow>;

export const examplePainting = {
  id: 12,
  name: 'Lumière sur la Seine',
  description: 'Huile sur toile, vue des quais au crépuscule',
  artist: 'Claire Moreau',
  category: 'paysage',
  technique: 'huile',
  width_cm: 80,
  height_cm: 60,
  year: 2024,
  price_cents: 185_000,
  currency: 'EUR',
  image_url: 'https://cdn.example.com/paintings/12.jpg',
  status: 'available',
  ...exampleStamps,
} satisfies z.output<typeof paintingRow>;

export const exampleOrder = {
  id: 7,
  customer_name: 'Jean Dupont',
  customer_email: 'jean.dupont@example.com',
  customer_phone: '+33612345678',
  shipping_address: '12 rue de Rivoli, 75001 Paris',
  status: 'paid',
  total_cents: 185_000,
  currency: 'EUR',
  ...exampleStamps,
  items: [{ id: 9, order_id: 7, painting_id: 12, painting_name: 'Lumière sur la Seine', quantity: 1, unit_price_cents: 185_000, ...exampleStamps }],
} satisfies z.output<typeof orderRow>;

export const exampleUser = { id: 3, email: 'jean.dupont@example.com', name: 'Jean Dupont', role: 'customer', phone: null, ...exampleStamps } satisfies z.output<
  typeof userRow
>;

export const exampleExhibition = {
  id: 2,
  title: 'Paris la nuit',
  description: 'Vingt toiles nocturnes',
  location: 'Galerie du Marais, Paris',
  start_date: '2026-04-01',
  end_date: '2026-04-30',
  ...exampleStamps,
} satisfies z.output<typeof exhibitionRow>;

export const exampleCustomRequest = {
  id: 5,
  client_name: 'Sophie Bernard',
  client_email: 'sophie.bernard@example.com',
  client_phone: null,
  description: 'Portrait de famille, style impressionniste',
  dimensions: '50x70 cm',
  budget_cents: 90_000,
  status: 'new',
  ...exampleStamps,
} satisfies z.output<typeof customRequestRow>;
