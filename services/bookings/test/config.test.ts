import { type ConfigError, parseConfig } from '@platform/service-kit';
import { describe, expect, it } from 'vitest';
import { bookingsEnvSchema, storeSettings } from '../src/config.js';

const nats = { NATS_URL: 'nats://127.0.0.1:4222' };
const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig(bookingsEnvSchema, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('configuration', () => {
  it('uses PostgreSQL without MONGODB_URI, MongoDB with it (database wortis by default)', () => {
    const pg = parseConfig(bookingsEnvSchema, { ...nats, DATABASE_URL: 'postgresql://localhost/platform' });
    expect(storeSettings(pg)).toMatchObject({ kind: 'postgres', schema: 'bookings', migrate: true });
    expect(pg).toMatchObject({ HTTP_PORT: 3107, BOOKING_TIMEZONE: 'Africa/Brazzaville', BOOKING_MAX_DAYS_AHEAD: 30, MAIL_FROM: 'noreply@wortis.cg' });
    expect(pg.JWT_SECRET).toBeUndefined();
    const mongo = parseConfig(bookingsEnvSchema, { ...nats, MONGODB_URI: 'mongodb://localhost:27017/' });
    expect(storeSettings(mongo)).toEqual({ kind: 'mongo', uri: 'mongodb://localhost:27017/', database: 'wortis', collection: 'bookings' });
    // The seed's own variable name is honoured.
    expect(storeSettings(parseConfig(bookingsEnvSchema, { ...nats, MONGODB_URI: 'mongodb://m', DATABASE_NAME: 'legacy' }))).toMatchObject({
      database: 'legacy',
    });
  });

  it('names every bad variable', () => {
    expect(problemsOf(nats)).toEqual(['DATABASE_URL is required but not set']);
    expect(problemsOf({ ...nats, DATABASE_URL: 'postgresql://x', BOOKING_TIMEZONE: 'Mars/Olympus' })[0]).toMatch(/^BOOKING_TIMEZONE must be an IANA time zone/);
    expect(problemsOf({ ...nats, DATABASE_URL: 'postgresql://x', JWT_SECRET: 'short' })[0]).toMatch(/^JWT_SECRET must be at least 32 characters/);
    expect(problemsOf({ ...nats, DATABASE_URL: 'postgresql://x', BOOKING_MAX_DAYS_AHEAD: '-1' })[0]).toMatch(/^BOOKING_MAX_DAYS_AHEAD/);
  });
});
