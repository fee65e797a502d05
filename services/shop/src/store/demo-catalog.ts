/**
 * Demo data for SEED_DEMO_DATA=true: three clubs with jerseys, scarves and
 * accessories. Fixed ids, so seeding twice changes nothing and demo links stay valid.
 */
export const DEMO_CLUBS = [
  { id: 'psg', name: 'Paris Saint-Germain' },
  { id: 'om', name: 'Olympique de Marseille' },
  { id: 'ol', name: 'Olympique Lyonnais' },
] as const;

interface DemoProduct {
  id: string;
  clubId: string;
  category: string;
  name: string;
  description: string;
  priceMinor: number;
  stock: number;
  images: string[];
}

const ITEMS = [
  { slug: 'home-jersey', category: 'jersey', name: 'Home jersey 2025/26', description: 'Official home shirt, breathable fabric.', priceMinor: 8990, stock: 50 },
  { slug: 'away-jersey', category: 'jersey', name: 'Away jersey 2025/26', description: 'Official away shirt.', priceMinor: 8490, stock: 40 },
  { slug: 'scarf', category: 'scarf', name: 'Supporter scarf', description: 'Knitted scarf in club colours.', priceMinor: 1990, stock: 120 },
  { slug: 'cap', category: 'accessories', name: 'Club cap', description: 'Adjustable cap with embroidered crest.', priceMinor: 2490, stock: 60 },
  { slug: 'mug', category: 'accessories', name: 'Crest mug', description: 'Ceramic mug, 330 ml.', priceMinor: 1250, stock: 80 },
] as const;

const IMAGE_BASE = 'https://cdn.paiecashfan.com/shop';

/** UUIDs 00000000-0000-4000-8000-00000000a<club><item>: valid v4 layout, readable in logs. */
export const DEMO_PRODUCTS: DemoProduct[] = DEMO_CLUBS.flatMap((club, c) =>
  ITEMS.map((item, i) => ({
    id: `00000000-0000-4000-8000-00000000a${c + 1}${String(i + 1).padStart(2, '0')}`,
    clubId: club.id,
    category: item.category,
    name: `${club.name} ${item.name}`,
    description: item.description,
    priceMinor: item.priceMinor,
    stock: item.stock,
    images: [`${IMAGE_BASE}/${club.id}/${item.slug}.jpg`, `${IMAGE_BASE}/${club.id}/${item.slug}-back.jpg`],
  })),
);
