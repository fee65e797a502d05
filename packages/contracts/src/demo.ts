/**
 * Demo accounts seeded by `npm start` (SEED_DEMO_DATA=true). Their ids are
 * fixed so every service can seed data for them without asking the gateway.
 * The first one is the seed document's own example login.
 */
export const DEMO_USERS = [
  { id: '00000000-0000-4000-8000-000000000001', email: 'demo@paiecashfan.com', password: 'demo123', name: 'Demo Fan', clubId: 'psg' },
  { id: '00000000-0000-4000-8000-000000000002', email: 'alice@paiecashfan.com', password: 'alice1234', name: 'Alice Martin', clubId: 'psg' },
  { id: '00000000-0000-4000-8000-000000000003', email: 'bob@paiecashfan.com', password: 'bob12345', name: 'Bob Durand', clubId: 'om' },
] as const;
