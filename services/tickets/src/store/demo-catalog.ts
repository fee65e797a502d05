/**
 * Demo matches for `npm start` (SEED_DEMO_DATA=true): a few upcoming games per
 * club of the seed's demo users (psg, om, ol). Event ids are short numbers, as
 * in the seed's examples: its widget posts {eventId: '1', category: 'premium',
 * price: 89.99}, which buys a premium seat for the first match below.
 */
export interface DemoEvent {
  id: string;
  clubId: string;
  title: string;
  venue: string;
  /** Kick-off this many days after the seeding, at 20:45 Paris time in winter (19:45 UTC). */
  daysAhead: number;
  categories: Array<{ code: string; name: string; priceMinor: number; capacity: number }>;
}

const categories = (standard: number, premium: number, vip: number, seats: [number, number, number]) => [
  { code: 'standard', name: 'Standard', priceMinor: standard, capacity: seats[0] },
  { code: 'premium', name: 'Premium', priceMinor: premium, capacity: seats[1] },
  { code: 'vip', name: 'VIP', priceMinor: vip, capacity: seats[2] },
];

export const DEMO_EVENTS: readonly DemoEvent[] = [
  { id: '1', clubId: 'psg', title: 'PSG - OM', venue: 'Parc des Princes', daysAhead: 7, categories: categories(4_500, 8_999, 24_900, [400, 150, 30]) },
  { id: '2', clubId: 'psg', title: 'PSG - OL', venue: 'Parc des Princes', daysAhead: 21, categories: categories(3_900, 7_900, 19_900, [400, 150, 30]) },
  { id: '3', clubId: 'om', title: 'OM - OL', venue: 'Orange Vélodrome', daysAhead: 10, categories: categories(3_500, 7_500, 18_000, [500, 150, 40]) },
  { id: '4', clubId: 'om', title: 'OM - AS Monaco', venue: 'Orange Vélodrome', daysAhead: 24, categories: categories(3_000, 6_500, 16_000, [500, 150, 40]) },
  { id: '5', clubId: 'ol', title: 'OL - PSG', venue: 'Groupama Stadium', daysAhead: 14, categories: categories(4_000, 8_500, 22_000, [400, 120, 30]) },
  { id: '6', clubId: 'ol', title: 'OL - RC Lens', venue: 'Groupama Stadium', daysAhead: 28, categories: categories(2_800, 6_000, 15_000, [400, 120, 30]) },
];

const MATCH_LENGTH_MS = 3 * 3_600_000;

export function demoSchedule(event: DemoEvent, now: Date): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(now);
  startsAt.setUTCDate(startsAt.getUTCDate() + event.daysAhead);
  startsAt.setUTCHours(19, 45, 0, 0);
  return { startsAt, endsAt: new Date(startsAt.getTime() + MATCH_LENGTH_MS) };
}
