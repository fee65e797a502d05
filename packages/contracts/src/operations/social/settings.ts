import { z } from 'zod';
import { defineOperation } from '../../operation.js';

export const socialSettings = z.object({
  /** Whether followers and fans of the same club see cards about your activity (e.g. a ticket you bought). Off until you opt in. */
  shareActivity: z.boolean(),
});

export const getSettings = defineOperation({
  name: 'social.getSettings',
  service: 'social',
  summary: 'Your social settings',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/settings' },
  input: z.object({}),
  output: socialSettings,
  tags: ['social'],
  examples: { input: {}, output: { shareActivity: false } },
});

export const updateSettings = defineOperation({
  name: 'social.updateSettings',
  service: 'social',
  summary: 'Change your social settings (shareActivity: show your activity, such as tickets bought, to followers and fans of the club)',
  auth: 'user',
  http: { method: 'PUT', path: '/api/social/settings' },
  input: z.strictObject({ shareActivity: z.boolean({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be true or false') }) }),
  output: socialSettings,
  tags: ['social'],
  examples: { input: { shareActivity: true }, output: { shareActivity: true } },
});
