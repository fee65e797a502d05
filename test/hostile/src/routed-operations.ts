import { allOperations, DEFAULT_TIMEOUT_MS, type Operation } from '@platform/contracts';

/** Every operation a client can reach through the gateway (internal ones travel over NATS only). */
export const routedOperations: readonly Operation[] = allOperations.filter((op) => op.http && op.auth !== 'internal');

/** Beyond an operation's own deadline, the gateway still has to answer its 504 on a loaded machine. */
const DEADLINE_MARGIN_MS = 10_000;

/** How long a hostile request may go unanswered before it counts as a hang. */
export const deadlineOf = (op: Operation): number => (op.timeoutMs ?? DEFAULT_TIMEOUT_MS) + DEADLINE_MARGIN_MS;
