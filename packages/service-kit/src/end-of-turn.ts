/**
 * Runs sends at the end of the current event-loop turn (setImmediate), so the
 * NATS messages produced while handling one batch of I/O leave in one socket
 * write. nats.js flushes its buffer in a microtask after the first publish;
 * replies that each complete in their own I/O callback (one per PostgreSQL
 * connection, one per HTTP request) would otherwise cost one write(2) each,
 * and on our VMs a write costs more than the handler around it
 * (docs/decisions/0106-fewer-writes-per-transfer.md). The busier the process, the more
 * sends share a write; when idle the delay is one turn, well under a millisecond.
 */
const queued: Array<() => void> = [];
let scheduled = false;

export function sendAtEndOfTurn(send: () => void): void {
  queued.push(send);
  if (scheduled) return;
  scheduled = true;
  setImmediate(sendQueued);
}

function sendQueued(): void {
  scheduled = false;
  for (const send of queued.splice(0)) send();
}

/**
 * Sends what is queued now. For shutdown: a reply queued by the last request
 * in flight must leave before the NATS connection drains, and the drain can
 * stop publishing before the end of the turn comes (its flush answered in the
 * same I/O phase): that reply was lost.
 */
export function sendQueuedNow(): void {
  sendQueued();
}
