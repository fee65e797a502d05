import type { NatsConnection } from '@nats-io/transport-node';
import { DomainError, social } from '@platform/contracts';
import { callOperation, type Logger } from '@platform/service-kit';
import type { ClientConnection } from './connection.js';

const PAGE = 200;
const RESUME_TIMEOUT_MS = 5_000;

export interface ResumeDeps {
  nc: NatsConnection;
  namespace: string;
  log: Logger;
  /** Most messages one resume sends; past it the client pages the rest over HTTP. */
  maxMessages: number;
}

export type ResumeFrom = { afterSeq: number } | { afterMessageId: string };

/**
 * Sends a connection what it missed: asks the social service for the user's
 * messages after a position (social.messagesSince), page by page, then a
 * `resumed` frame, then the live frames that arrived meanwhile. Per user,
 * social hands out seqs in commit order (docs/decisions/0701), so "after the
 * last seq I saw" misses nothing.
 */
export async function resumeConnection(connection: ClientConnection, from: ResumeFrom, deps: ResumeDeps): Promise<void> {
  if (connection.isResuming) {
    connection.send({ type: 'error', code: 'CONFLICT', message: 'A resume is already running on this connection' });
    return;
  }
  connection.beginResume();
  try {
    let position: ResumeFrom = from;
    let delivered = 0;
    for (;;) {
      const page = await callOperation(
        deps.nc,
        deps.namespace,
        social.messagesSince,
        { userId: connection.userId, ...position, limit: PAGE },
        {
          timeoutMs: RESUME_TIMEOUT_MS,
        },
      );
      for (const message of page.messages) connection.send({ type: 'message', message });
      delivered += page.messages.length;
      connection.lastSeq = Math.max(connection.lastSeq, page.lastSeq);
      const complete = !page.hasMore;
      if (complete || delivered >= deps.maxMessages) {
        connection.send({ type: 'resumed', delivered, lastSeq: page.lastSeq, complete, totalUnread: page.totalUnread });
        return;
      }
      position = { afterSeq: page.lastSeq };
    }
  } catch (error) {
    if (error instanceof DomainError) {
      connection.send({ type: 'error', code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
    } else {
      deps.log.error({ err: error, userId: connection.userId }, 'realtime resume failed');
      connection.send({ type: 'error', code: 'INTERNAL', message: 'Resume failed; try again' });
    }
  } finally {
    connection.endResume();
  }
}
