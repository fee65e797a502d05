import { uniqueNamespace } from '@platform/testkit';

export { infra, TEST_JWT_SECRET as jwtSecret } from '@platform/testkit';

/** One namespace per run: its own schemas, NATS subjects and stream, so a run never touches real data. */
export const namespace = uniqueNamespace('benchw');
