import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, email, nonEmptyString, pageLimit } from '../fields.js';
import { defineOperation } from '../operation.js';

export const publicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  clubId: z.string().nullable(),
  role: z.enum(['user', 'admin', 'staff']),
  createdAt: z.string(),
});

const session = z.object({
  token: z.string().describe('Access JWT (Bearer), short-lived'),
  refreshToken: z.string().describe('Opaque refresh token, single use, rotated on refresh'),
  expiresIn: z.number().describe('Access token lifetime in seconds'),
  user: publicUser,
});

const password = z.string({ error: 'must be a string' }).min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');

/** Per email, not per address: a stadium of fans shares a few carrier IPs. Wrong passwords have their own limit per account. */
const authLimit = { max: 10, timeWindowMs: 60_000, key: 'email' } as const;

// ---------------------------------------------------------------- examples shown in /docs

const exampleUser = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'demo@paiecashfan.com',
  name: 'Demo Fan',
  clubId: 'psg',
  role: 'user',
  createdAt: '2026-01-15T09:00:00.000Z',
} satisfies z.output<typeof publicUser>;

const exampleSession = {
  token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJ0eXAiOiJhY2Nlc3MifQ.c2lnbmF0dXJl',
  refreshToken: 'q8Vd3kJ0x2Lr7Yb5Nw1Tz9Hc4Gf6Ps8Am2Ue0Io7Ks',
  expiresIn: 900,
  user: exampleUser,
} satisfies z.output<typeof session>;

export const register = defineOperation({
  name: 'gateway.register',
  service: 'gateway',
  summary: 'Create an account and sign in',
  auth: 'public',
  http: { method: 'POST', path: '/api/auth/register', successStatus: 201, rateLimit: authLimit },
  // A retry with the same email, password and Idempotency-Key returns the account it created (201), never 409.
  idempotent: true,
  // Hashing waits at most PASSWORD_HASH_MAX_WAIT_MS (else 503 at once), so an account is never created after its caller gave up.
  timeoutMs: 15_000,
  input: z.strictObject({
    email,
    password,
    name: nonEmptyString(100),
    clubId: nonEmptyString(64),
  }),
  output: session,
  tags: ['auth'],
  examples: {
    input: { email: 'fan@example.com', password: 'correct horse', name: 'Ada Fan', clubId: 'psg' },
    output: { ...exampleSession, user: { ...exampleUser, id: '3f6c2a9e-8b1d-4c7e-9a5f-0d2e4b6c8a1f', email: 'fan@example.com', name: 'Ada Fan' } },
  },
});

export const login = defineOperation({
  name: 'gateway.login',
  service: 'gateway',
  summary: 'Sign in with email and password',
  auth: 'public',
  http: { method: 'POST', path: '/api/auth/login', rateLimit: authLimit },
  input: z.strictObject({
    email,
    password: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200),
  }),
  output: session,
  tags: ['auth'],
  examples: { input: { email: 'demo@paiecashfan.com', password: 'demo123' }, output: exampleSession },
});

export const refresh = defineOperation({
  name: 'gateway.refresh',
  service: 'gateway',
  summary: 'Exchange a refresh token for a new session (the old refresh token is spent)',
  auth: 'public',
  http: { method: 'POST', path: '/api/auth/refresh', rateLimit: { max: 30, timeWindowMs: 60_000 } },
  input: z.strictObject({ refreshToken: nonEmptyString(512) }),
  output: session,
  tags: ['auth'],
  examples: { input: { refreshToken: exampleSession.refreshToken }, output: exampleSession },
});

export const logout = defineOperation({
  name: 'gateway.logout',
  service: 'gateway',
  summary: 'Revoke a refresh token and every token rotated from it',
  auth: 'public',
  http: { method: 'POST', path: '/api/auth/logout' },
  input: z.strictObject({ refreshToken: nonEmptyString(512) }),
  output: z.object({ success: z.literal(true) }),
  tags: ['auth'],
  examples: { input: { refreshToken: exampleSession.refreshToken }, output: { success: true } },
});

export const me = defineOperation({
  name: 'gateway.me',
  service: 'gateway',
  summary: 'The signed-in user',
  auth: 'user',
  http: { method: 'GET', path: '/api/auth/me' },
  input: z.object({}),
  output: publicUser,
  tags: ['auth'],
  examples: { input: {}, output: exampleUser },
});

export const authOperations = [register, login, refresh, logout, me] as const;

export const listUsers = defineOperation({
  name: 'gateway.listUsers',
  service: 'gateway',
  summary: 'Accounts, newest first (administrators only)',
  auth: 'admin',
  http: { method: 'GET', path: '/api/admin/users' },
  input: z.object({ limit: pageLimit(100, 20), cursor }),
  output: z.object({ users: z.array(publicUser), nextCursor: z.string().nullable() }),
  tags: ['admin'],
  examples: { input: { limit: 20 }, output: { users: [exampleUser], nextCursor: null } },
});

/** Lets other services resolve a user (e.g. the wallet's recipient) without reading the gateway's tables. */
export const findUser = defineOperation({
  name: 'gateway.findUser',
  service: 'gateway',
  summary: 'Find a user by id or email (internal, NATS only)',
  auth: 'internal',
  input: z
    .strictObject({ id: z.uuid({ error: 'must be a UUID' }).optional(), email: email.optional() })
    .refine((v) => (v.id === undefined) !== (v.email === undefined), { message: 'give exactly one of id or email', path: ['id'] }),
  output: publicUser,
});

export const setUserRole = defineOperation({
  name: 'gateway.setUserRole',
  service: 'gateway',
  summary: "Change an account's role (administrators only): staff for gate devices and venue staff, who scan tickets with limits sized for a gate",
  auth: 'admin',
  http: { method: 'PUT', path: '/api/admin/users/:id/role' },
  input: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), role: z.enum(['user', 'admin', 'staff'], { error: 'must be one of user, admin, staff' }) }),
  output: publicUser,
  tags: ['admin'],
  examples: { input: { id: exampleUser.id, role: 'staff' }, output: { ...exampleUser, role: 'staff' } },
});

export const adminOperations = [listUsers, setUserRole] as const;
export const internalOperations = [findUser] as const;

// ---------------------------------------------------------------- events

/**
 * The user facts other services keep in their own read model (the kit's
 * UserReadModel), so they never ask the gateway while they serve a request
 * (docs/decisions/0975). Both events carry the whole current fact set: a
 * reader upserts either one the same way, and `updatedAt` orders them (an
 * older one never overwrites a newer one). The role is left out: no reader
 * needs it, and a role change travels in the account's next access token.
 */
const userFacts = z.object({
  userId: z.string(),
  /** Lower-case, as the gateway stores it. */
  email: z.string(),
  name: z.string(),
  clubId: z.string().nullable(),
  /** When the account row last changed (ISO 8601, millisecond precision): the order of this user's events. */
  updatedAt: z.string(),
});

const exampleFacts = {
  userId: exampleUser.id,
  email: exampleUser.email,
  name: exampleUser.name,
  clubId: exampleUser.clubId,
  updatedAt: exampleUser.createdAt,
} satisfies z.output<typeof userFacts>;

/** Written to the gateway's outbox with the account row, and published before the 201 of the registration leaves. */
export const userRegistered = defineEvent({
  subject: 'evt.gateway.user.registered',
  version: 1,
  summary: 'An account was created (a sign-up, a seeded account, or the one-off backfill of accounts older than this event)',
  publisher: 'gateway',
  example: exampleFacts,
  payload: userFacts,
});

/** Written to the gateway's outbox when a fact in the payload changes (today only the seed renames an account). */
export const userUpdated = defineEvent({
  subject: 'evt.gateway.user.updated',
  version: 1,
  summary: "An account's name, email or club changed; carries all of the current facts",
  publisher: 'gateway',
  example: { ...exampleFacts, name: 'Demo Fan (renamed)', updatedAt: '2026-02-01T10:00:00.000Z' },
  payload: userFacts,
});

export const gatewayEvents: readonly EventContract[] = [userRegistered, userUpdated];
