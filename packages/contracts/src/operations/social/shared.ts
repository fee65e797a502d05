import { z } from 'zod';

/** Used by several of social's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

export const text = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

/**
 * Text a person typed: not blank, at most `max` characters counted as Unicode
 * code points (an emoji counts once), and no NUL character (PostgreSQL text
 * cannot hold one, so it would otherwise surface as a 500).
 */
export const typedText = (max: number) =>
  text()
    .refine((value) => value.trim().length > 0, 'must not be empty or blank')
    .refine((value) => value.length <= max || [...value].length <= max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const clubSlug = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z 0-9 _ -');

export const chatMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** Position in the platform-wide message order. Per user it only grows: clients resume from the highest they saw. */
  seq: z.number().int(),
  senderId: z.string(),
  text: z.string(),
  clientMessageId: z.string().nullable(),
  sentAt: z.string(),
});
