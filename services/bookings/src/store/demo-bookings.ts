import { DEMO_USERS } from '@platform/contracts';
import { addDays } from '../domain/booking-window.js';

export interface DemoBooking {
  email: string;
  date: string;
  timeSlot: string;
  serviceName: string;
  prestation: string;
  variant: string | null;
  notes: string | null;
}

/** A few bookings of the demo accounts over the coming days (relative to `today`, in the service's time zone). */
export function demoBookings(today: string): DemoBooking[] {
  const [demo, alice, bob] = DEMO_USERS;
  return [
    { email: demo.email, date: addDays(today, 1), timeSlot: '14:00-15:00', serviceName: 'Coiffure', prestation: 'coupe_homme', variant: 'courte', notes: null },
    {
      email: alice.email,
      date: addDays(today, 1),
      timeSlot: '08:00-09:00',
      serviceName: 'Coiffure',
      prestation: 'brushing',
      variant: null,
      notes: 'Cheveux longs',
    },
    { email: bob.email, date: addDays(today, 2), timeSlot: '10:00-11:00', serviceName: 'Coiffure', prestation: 'coupe_homme', variant: 'degrade', notes: null },
    { email: demo.email, date: addDays(today, 3), timeSlot: '16:00-17:00', serviceName: 'Manucure', prestation: 'pose_vernis', variant: null, notes: null },
  ];
}
