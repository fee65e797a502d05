import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { isoDateTime, nonEmptyString, uuid, withoutNul } from '../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../money.js';
import { QUEUES } from '../queues.js';
import { defineOperation } from '../operation.js';

/**
 * eSIM data plans (seed 003, PaieCashFan): GET plans, POST activate {planId},
 * GET active. Activation is a purchase paid from the wallet (docs/checkout.md);
 * the profile comes from an eSIM provider (docs/services/esim.md) and is
 * installed by scanning its QR code, whose text is the GSMA activation code
 * `LPA:1$<SM-DP+ host>$<matching id>`.
 */

/** BullMQ queue of the esim purchase recovery job (docs/checkout.md). */
export const PURCHASE_RECOVERY_QUEUE = QUEUES.esimPurchaseRecovery;

const countryCode = z
  .string({ error: 'must be a string' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code like FR');

export const plan = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Data allowance in megabytes (exact) and in gigabytes (display). */
  dataMb: z.number().int(),
  dataGb: z.number(),
  validityDays: z.number().int(),
  /** ISO 3166-1 alpha-2 codes where the plan works. */
  countries: z.array(z.string()),
  price: majorAmount,
  priceMinor: minorAmount,
  currency,
  active: z.boolean(),
});

export const esimStatus = z.enum(['pending', 'active', 'expired', 'failed', 'refunding', 'refunded']);

/** One eSIM bought by the user. Profile fields are null until it is paid and issued. */
export const esimProfile = z.object({
  /** The activation's id (its purchase id). */
  id: z.string(),
  planId: z.string(),
  plan,
  status: esimStatus,
  iccid: z.string().nullable(),
  /** SM-DP+ server the phone downloads the profile from. */
  smdpAddress: z.string().nullable(),
  matchingId: z.string().nullable(),
  /** GSMA SGP.22 activation code: LPA:1$<smdp-host>$<matchingId>; the QR code's text. */
  activationCode: z.string().nullable(),
  /** The QR code as a data: URL (image/png), ready for an <img src>. */
  qrCodeDataUrl: z.string().nullable(),
  activatedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

// ---------------------------------------------------------------- examples shown in /docs

const examplePlan = {
  id: '00000000-0000-4000-8000-00000000e001',
  name: 'Europe 10 GB',
  description: '10 GB of data in 30 European countries, valid 30 days',
  dataMb: 10_240,
  dataGb: 10,
  validityDays: 30,
  countries: ['FR', 'ES', 'IT'],
  price: 19.9,
  priceMinor: 1990,
  currency: 'EUR',
  active: true,
} satisfies z.output<typeof plan>;

const exampleQrDataUrl = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
const exampleActivationCode = 'LPA:1$smdp.example.com$K2-4F7H9-1QZ8X3';

const exampleEsim = {
  id: '5a1c9e2b-7d3f-4b8a-9c6e-2f0d1b3a4c5e',
  planId: examplePlan.id,
  plan: examplePlan,
  status: 'active',
  iccid: '8933150126000012345',
  smdpAddress: 'smdp.example.com',
  matchingId: 'K2-4F7H9-1QZ8X3',
  activationCode: exampleActivationCode,
  qrCodeDataUrl: exampleQrDataUrl,
  activatedAt: '2026-03-01T18:30:05.000Z',
  expiresAt: '2026-03-31T18:30:05.000Z',
  createdAt: '2026-03-01T18:30:00.000Z',
} satisfies z.output<typeof esimProfile>;

export const listPlans = defineOperation({
  name: 'esim.listPlans',
  service: 'esim',
  summary: 'Data plans on sale, optionally only those that work in a country',
  auth: 'public',
  http: { method: 'GET', path: '/api/esim/plans' },
  input: z.object({ country: countryCode.optional() }),
  output: z.object({ plans: z.array(plan) }),
  tags: ['esim'],
  examples: { input: { country: 'FR' }, output: { plans: [examplePlan] } },
});

export const activate = defineOperation({
  name: 'esim.activate',
  service: 'esim',
  summary: 'Buy a plan from the wallet and get its eSIM profile with the QR code (402 insufficient funds, 404 unknown plan)',
  auth: 'user',
  http: { method: 'POST', path: '/api/esim/activate', successStatus: 201, rateLimit: { max: 20, timeWindowMs: 60_000 } },
  idempotent: true,
  // Reserve, wallet debit, the provider's profile and confirm.
  timeoutMs: 15_000,
  input: z.strictObject({ planId: uuid }),
  output: z.object({ success: z.literal(true), esim: esimProfile }),
  tags: ['esim'],
  examples: { input: { planId: examplePlan.id }, output: { success: true, esim: exampleEsim } },
});

export const active = defineOperation({
  name: 'esim.active',
  service: 'esim',
  summary: "The signed-in user's active eSIMs (newest first) with plan, expiry, status and QR code",
  auth: 'user',
  http: { method: 'GET', path: '/api/esim/active' },
  input: z.object({}),
  output: z.object({
    esims: z.array(esimProfile),
    /** The newest active eSIM, or null: for clients that show one. */
    esim: esimProfile.nullable(),
  }),
  tags: ['esim'],
  examples: { input: {}, output: { esims: [exampleEsim], esim: exampleEsim } },
});

export const getEsim = defineOperation({
  name: 'esim.get',
  service: 'esim',
  summary: 'One eSIM of the signed-in user, in any status (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/esim/:id' },
  input: z.object({ id: uuid }),
  output: esimProfile,
  tags: ['esim'],
  examples: { input: { id: exampleEsim.id }, output: exampleEsim },
});

export const qrCode = defineOperation({
  name: 'esim.qrCode',
  service: 'esim',
  summary: 'QR code of an issued eSIM: JSON, or the PNG itself with Accept: image/png',
  auth: 'user',
  http: { method: 'GET', path: '/api/esim/:id/qr', binary: { field: 'qrPng', contentType: 'image/png' } },
  input: z.object({ id: uuid }),
  output: z.object({
    id: z.string(),
    activationCode: z.string(),
    /** PNG, base64. */
    qrPng: z.string(),
    qrCodeDataUrl: z.string(),
  }),
  tags: ['esim'],
  examples: {
    input: { id: exampleEsim.id },
    output: { id: exampleEsim.id, activationCode: exampleActivationCode, qrPng: exampleQrDataUrl.split(',')[1], qrCodeDataUrl: exampleQrDataUrl },
  },
});

const dataMb = z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10000000');
const validityDays = z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(3650, 'must be at most 3650');
const countries = z
  .array(countryCode, { error: 'must be an array of country codes' })
  .min(1, 'must name at least one country')
  .max(250, 'must have at most 250 countries');
const description = withoutNul(z.string({ error: 'must be a string' }).trim().max(1000, 'must be at most 1000 characters')).nullable();

export const createPlan = defineOperation({
  name: 'esim.createPlan',
  service: 'esim',
  summary: 'Put a data plan on sale (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/esim/admin/plans', successStatus: 201 },
  input: z.strictObject({ name: nonEmptyString(120), description: description.optional(), dataMb, validityDays, countries, price: moneyAmount() }),
  output: plan,
  tags: ['esim-admin'],
  examples: {
    input: { name: 'Europe 10 GB', dataMb: 10_240, validityDays: 30, countries: ['FR', 'ES', 'IT'], price: '19.90' },
    output: examplePlan,
  },
});

export const updatePlan = defineOperation({
  name: 'esim.updatePlan',
  service: 'esim',
  summary: 'Change a plan, or withdraw it from sale with active=false; bought eSIMs keep their terms (admin)',
  auth: 'admin',
  http: { method: 'PATCH', path: '/api/esim/admin/plans/:id' },
  input: z
    .strictObject({
      id: uuid,
      name: nonEmptyString(120).optional(),
      description: description.optional(),
      dataMb: dataMb.optional(),
      validityDays: validityDays.optional(),
      countries: countries.optional(),
      price: moneyAmount().optional(),
      active: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .refine((v) => Object.keys(v).some((k) => k !== 'id' && v[k as keyof typeof v] !== undefined), { message: 'give at least one field to change' }),
  output: plan,
  tags: ['esim-admin'],
  examples: { input: { id: examplePlan.id, price: '17.90' }, output: { ...examplePlan, price: 17.9, priceMinor: 1790 } },
});

/** One per issued eSIM, from the outbox. The activation code is a secret and is not in it. */
export const activated = defineEvent({
  subject: 'evt.esim.activated',
  version: 1,
  summary: 'An eSIM plan was paid and its profile issued',
  publisher: 'esim',
  example: {
    esimId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    orderId: 'e2d1c0b9-a8f7-4e6d-9c5b-4a3b2c1d0e9f',
    userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    clubId: null,
    planId: 'europe-10gb',
    planName: 'Europe 10 GB',
    countries: ['FR', 'ES', 'IT'],
    dataMb: 10240,
    validityDays: 30,
    totalMinor: 1999,
    currency: 'EUR',
    transferId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    iccid: '8933000000000000012',
    activatedAt: '2026-12-07T09:30:00.000Z',
    expiresAt: '2027-01-06T09:30:00.000Z',
    occurredAt: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    esimId: z.string(),
    orderId: z.string(),
    userId: z.string(),
    /** Unknown for eSIMs: plans are not sold by a club. */
    clubId: z.string().nullable(),
    planId: z.string(),
    planName: z.string(),
    countries: z.array(z.string()),
    dataMb: z.number().int(),
    validityDays: z.number().int(),
    totalMinor: z.number().int().positive(),
    currency,
    transferId: z.string(),
    iccid: z.string(),
    activatedAt: z.string(),
    expiresAt: z.string(),
    occurredAt: z.string(),
  }),
});

export const esimOperations = [listPlans, activate, active, getEsim, qrCode, createPlan, updatePlan] as const;
export const esimEvents: readonly EventContract[] = [activated];
