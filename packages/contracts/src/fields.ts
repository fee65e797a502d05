import { z } from 'zod';

/** Reusable field schemas, so every operation validates the same thing the same way. */
export const email = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be a valid email address' }));

export const uuid = z.uuid({ error: 'must be a UUID' });

/**
 * PostgreSQL text cannot hold U+0000, so a NUL in free text would surface as
 * a 500 from the store: free-text fields refuse it here (as social's typedText does).
 */
export const hasNul = (text: string) => text.includes('\u0000');
export const NUL_REFUSED = 'must not contain NUL characters';
export const withoutNul = <S extends z.ZodType<string, string>>(schema: S): S => schema.refine((value) => !hasNul(value), NUL_REFUSED);

export const nonEmptyString = (max: number) =>
  withoutNul(z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

export const pageLimit = (max = 100, defaultValue = 20) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(defaultValue);

export const cursor = z.string().max(512, 'must be at most 512 characters').optional();

export const isoDateTime = z.string();

export const successFlag = z.object({ success: z.literal(true) });
