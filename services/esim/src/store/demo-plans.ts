/** Demo plans for SEED_DEMO_DATA=true. Fixed ids: seeding twice changes nothing. */
const EUROPE = ['AT', 'BE', 'DE', 'ES', 'FR', 'GR', 'IE', 'IT', 'NL', 'PT'];

export const DEMO_PLANS = [
  {
    id: '00000000-0000-4000-8000-00000000e001',
    name: 'France 5 GB',
    description: 'Home matches and away days in France.',
    dataMb: 5_120,
    validityDays: 15,
    countries: ['FR'],
    priceMinor: 990,
  },
  {
    id: '00000000-0000-4000-8000-00000000e002',
    name: 'Europe 3 GB',
    description: 'A week of European away games.',
    dataMb: 3_072,
    validityDays: 7,
    countries: EUROPE,
    priceMinor: 750,
  },
  {
    id: '00000000-0000-4000-8000-00000000e003',
    name: 'Europe 10 GB',
    description: 'A month across Europe.',
    dataMb: 10_240,
    validityDays: 30,
    countries: EUROPE,
    priceMinor: 1990,
  },
  {
    id: '00000000-0000-4000-8000-00000000e004',
    name: 'USA & Canada 5 GB',
    description: 'For the summer tour.',
    dataMb: 5_120,
    validityDays: 15,
    countries: ['CA', 'US'],
    priceMinor: 1490,
  },
  {
    id: '00000000-0000-4000-8000-00000000e005',
    name: 'Japan 3 GB',
    description: 'Pre-season tour in Japan.',
    dataMb: 3_072,
    validityDays: 10,
    countries: ['JP'],
    priceMinor: 890,
  },
  {
    id: '00000000-0000-4000-8000-00000000e006',
    name: 'World 1 GB',
    description: 'Anywhere the club plays.',
    dataMb: 1_024,
    validityDays: 7,
    countries: [...EUROPE, 'CA', 'JP', 'MA', 'QA', 'SA', 'US'],
    priceMinor: 1200,
  },
];
