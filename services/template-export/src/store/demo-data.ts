import { randomBytes, scryptSync } from 'node:crypto';
import { quoteIdent } from '@platform/service-kit';
import type { Db } from './prisma.js';

/** A real-looking hash of a random password: demo customers cannot sign in, and the export must never show it. */
const unusableHash = () => {
  const salt = randomBytes(16);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(randomBytes(12), salt, 64).toString('base64')}`;
};

const paintings = [
  ['Lumière sur la Seine', 'Impressionnisme', 'Huile sur toile', 81, 65, 2021, 185000, 'available'],
  ['Les Toits de Montmartre', 'Paysage urbain', 'Acrylique', 100, 73, 2020, 240000, 'sold'],
  ['Champ de lavande', 'Paysage', 'Huile sur toile', 92, 60, 2022, 156000, 'available'],
  ['Portrait de Léa', 'Portrait', 'Fusain', 50, 65, 2019, 72000, 'available'],
  ['Marée basse à Étretat', 'Marine', 'Aquarelle', 56, 38, 2023, 64000, 'reserved'],
  ['Nature morte aux citrons', 'Nature morte', 'Huile sur bois', 40, 40, 2018, 98000, 'available'],
  ['Brume sur le Vercors', 'Paysage', 'Huile sur toile', 116, 81, 2022, 320000, 'available'],
  ['Café de nuit', 'Scène de genre', 'Gouache', 46, 38, 2021, 54000, 'sold'],
  ['Abstraction bleue n°3', 'Abstrait', 'Technique mixte', 120, 120, 2023, 410000, 'available'],
  ['Le Jardin de Giverny', 'Impressionnisme', 'Huile sur toile', 73, 60, 2020, 199000, 'available'],
  ['Danseuse', 'Figuratif', 'Pastel', 42, 59, 2017, 83000, 'available'],
  ['Ciel de Provence', 'Paysage', 'Acrylique', 65, 54, 2024, 121000, 'available'],
] as const;

/**
 * The demo gallery: a few rows in every table, with fixed ids so seeding is
 * idempotent (existing rows are left as they are) and tests can name rows.
 */
export async function seedDemoData(db: Db, schema: string): Promise<void> {
  await db.setting.createMany({
    skipDuplicates: true,
    data: [
      { id: 1, key: 'site_name', value: 'Galerie Artworks Digital' },
      { id: 2, key: 'contact_email', value: 'contact@artworksdigital.fr' },
      { id: 3, key: 'currency', value: 'EUR' },
      { id: 4, key: 'shipping_fee_cents', value: '2500' },
      { id: 5, key: 'instagram_url', value: 'https://instagram.com/artworksdigital' },
    ],
  });
  await db.painting.createMany({
    skipDuplicates: true,
    data: paintings.map(([name, category, technique, widthCm, heightCm, year, priceCents, status], index) => ({
      id: index + 1,
      name,
      description: `${name}, ${technique.toLowerCase()}, ${widthCm}×${heightCm} cm.`,
      artist: index % 3 === 0 ? 'Claire Dumont' : index % 3 === 1 ? 'Marc Lefèvre' : 'Sofia Rossi',
      category,
      technique,
      widthCm,
      heightCm,
      year,
      priceCents,
      imageUrl: `https://cdn.artworksdigital.fr/paintings/${index + 1}.jpg`,
      status,
    })),
  });
  await db.order.createMany({
    skipDuplicates: true,
    data: [
      {
        id: 1,
        customerName: 'Julie Bernard',
        customerEmail: 'julie.bernard@example.fr',
        customerPhone: '+33611223344',
        shippingAddress: '12 rue des Lilas, 75011 Paris',
        status: 'delivered',
        totalCents: 240000,
      },
      {
        id: 2,
        customerName: 'Thomas Petit',
        customerEmail: 'thomas.petit@example.fr',
        customerPhone: null,
        shippingAddress: '3 quai Saint-Antoine, 69002 Lyon',
        status: 'shipped',
        totalCents: 54000,
      },
      {
        id: 3,
        customerName: 'Emma Laurent',
        customerEmail: 'emma.laurent@example.fr',
        customerPhone: '+33699887766',
        shippingAddress: '8 allée des Pins, 33000 Bordeaux',
        status: 'paid',
        totalCents: 136000,
      },
      {
        id: 4,
        customerName: 'Lucas Moreau',
        customerEmail: 'lucas.moreau@example.fr',
        customerPhone: null,
        shippingAddress: '21 avenue Jean Médecin, 06000 Nice',
        status: 'pending',
        totalCents: 64000,
      },
    ],
  });
  await db.orderItem.createMany({
    skipDuplicates: true,
    data: [
      { id: 1, orderId: 1, paintingId: 2, paintingName: 'Les Toits de Montmartre', quantity: 1, unitPriceCents: 240000 },
      { id: 2, orderId: 2, paintingId: 8, paintingName: 'Café de nuit', quantity: 1, unitPriceCents: 54000 },
      { id: 3, orderId: 3, paintingId: 4, paintingName: 'Portrait de Léa', quantity: 1, unitPriceCents: 72000 },
      { id: 4, orderId: 3, paintingId: 5, paintingName: 'Marée basse à Étretat', quantity: 1, unitPriceCents: 64000 },
      { id: 5, orderId: 4, paintingId: 5, paintingName: 'Marée basse à Étretat', quantity: 1, unitPriceCents: 64000 },
    ],
  });
  await db.user.createMany({
    skipDuplicates: true,
    data: [
      { id: 1, email: 'galerie@artworksdigital.fr', name: 'Galerie', role: 'admin', phone: null, passwordHash: unusableHash() },
      { id: 2, email: 'julie.bernard@example.fr', name: 'Julie Bernard', role: 'customer', phone: '+33611223344', passwordHash: unusableHash() },
      { id: 3, email: 'thomas.petit@example.fr', name: 'Thomas Petit', role: 'customer', phone: null, passwordHash: unusableHash() },
      { id: 4, email: 'emma.laurent@example.fr', name: 'Emma Laurent', role: 'customer', phone: '+33699887766', passwordHash: unusableHash() },
    ],
  });
  await db.exhibition.createMany({
    skipDuplicates: true,
    data: [
      {
        id: 1,
        title: 'Lumières de France',
        description: 'Paysages et marines.',
        location: 'Paris, Le Marais',
        startDate: new Date('2025-03-01'),
        endDate: new Date('2025-03-30'),
      },
      {
        id: 2,
        title: 'Portraits intimes',
        description: 'Fusains et pastels.',
        location: 'Lyon, Presqu’île',
        startDate: new Date('2025-06-10'),
        endDate: new Date('2025-07-05'),
      },
      { id: 3, title: 'Abstractions', description: 'Nouvelles œuvres.', location: 'En ligne', startDate: null, endDate: null },
    ],
  });
  await db.customRequest.createMany({
    skipDuplicates: true,
    data: [
      {
        id: 1,
        clientName: 'Nadia Haddad',
        clientEmail: 'nadia.haddad@example.fr',
        clientPhone: null,
        description: 'Portrait de famille à partir de photos',
        dimensions: '60×80 cm',
        budgetCents: 90000,
        status: 'new',
      },
      {
        id: 2,
        clientName: 'Paul Girard',
        clientEmail: 'paul.girard@example.fr',
        clientPhone: '+33655443322',
        description: 'Vue de notre maison en Bretagne',
        dimensions: null,
        budgetCents: null,
        status: 'quoted',
      },
      {
        id: 3,
        clientName: 'Inès Roux',
        clientEmail: 'ines.roux@example.fr',
        clientPhone: null,
        description: 'Grande toile abstraite bleue pour un salon',
        dimensions: '150×100 cm',
        budgetCents: 250000,
        status: 'accepted',
      },
    ],
  });
  await resetSequences(db, schema);
}

/** Rows inserted with explicit ids leave the serial sequences behind; move them past the highest id. */
export async function resetSequences(db: Db, schema: string): Promise<void> {
  for (const table of ['settings', 'paintings', 'orders', 'order_items', 'users', 'exhibitions', 'custom_requests']) {
    const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    await db.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('${qualified}', 'id'), GREATEST((SELECT max(id) FROM ${qualified}), 1))`);
  }
}
