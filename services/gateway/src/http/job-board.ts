import { bullPrefix, JOB_QUEUES } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type InjectOptions } from 'fastify';

export interface JobBoardOptions {
  redisUrl: string;
  redisPrefix: string;
  /** Where the board is mounted on the gateway (its links and API calls use it). */
  basePath: string;
  logger: Logger;
}

/** A Redis that does not answer must not hold the gateway's shutdown: past this the connection is dropped. */
const CLOSE_WITHIN_MS = 2_000;
/** Headers about one connection, which the in-process hand-over has no use for or sets itself. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'host', 'cookie']);
/**
 * bull-board's page loads its typefaces from Google Fonts: an outside request
 * from an admin tool, blocked on closed networks anyway. The page falls back
 * to the system's fonts without it.
 */
const OUTSIDE_STYLESHEET = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*rel="stylesheet"[^>]*>|<link\b[^>]*rel="stylesheet"[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/g;

/**
 * bull-board and the queues it shows, loaded on the first admin request rather
 * than at start. bull-board's modules (its Fastify adapter with @fastify/static
 * and @fastify/view, ejs, valibot, lodash through redis-info) and BullMQ cost
 * an idle gateway several MB, and the queues one Redis connection each: a
 * gateway nobody looks at the dashboard of needs none of it (decision 0007).
 * Fastify cannot add routes once it listens, so the board is its own Fastify
 * instance and the gateway, once it has checked the admin session, hands it
 * each request with inject(): an in-process call, no socket.
 */
export class JobBoard {
  private loading: Promise<FastifyInstance> | undefined;
  private queues: Queue[] = [];

  constructor(private readonly options: JobBoardOptions) {}

  /** Answers a dashboard request (page, asset or API call) with the board's response. */
  async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const board = await this.load();
    const response = await board.inject({
      method: request.method as InjectOptions['method'],
      url: request.url,
      headers: withoutConnectionHeaders(request.headers),
      ...(request.body === undefined ? {} : { payload: request.body as InjectOptions['payload'] }),
    });
    reply.status(response.statusCode);
    reply.headers(withoutConnectionHeaders(response.headers));
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) return reply.send(response.payload.replace(OUTSIDE_STYLESHEET, ''));
    return reply.send(response.rawPayload);
  }

  async close(): Promise<void> {
    const board = await this.loading?.catch(() => undefined);
    await board?.close();
    await Promise.all(this.queues.map((queue) => closeWithin(queue, CLOSE_WITHIN_MS)));
  }

  /** Builds the board once; every later call waits for that. */
  private load(): Promise<FastifyInstance> {
    this.loading ??= this.build().catch((error) => {
      this.loading = undefined; // the next admin request tries again
      throw error;
    });
    return this.loading;
  }

  private async build(): Promise<FastifyInstance> {
    const [{ Queue }, { createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('bullmq'),
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const { redisUrl, redisPrefix, basePath, logger } = this.options;
    // The dashboard only looks at queues their services own: skipMetasUpdate keeps it from writing queue metadata.
    this.queues = JOB_QUEUES.map((name) => new Queue(name, { connection: { url: redisUrl }, prefix: bullPrefix(redisPrefix), skipMetasUpdate: true }));
    for (const queue of this.queues) queue.on('error', (err) => logger.debug({ err }, 'job dashboard queue connection problem'));
    const adapter = new FastifyAdapter();
    adapter.setBasePath(basePath);
    createBullBoard({ queues: this.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
    const board = Fastify({ logger: false });
    await board.register(adapter.registerPlugin(), { prefix: basePath });
    await board.ready();
    return board;
  }
}

function withoutConnectionHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !CONNECTION_HEADERS.has(name.toLowerCase())) kept[name] = typeof value === 'number' ? String(value) : value;
  }
  return kept;
}

const closeWithin = (queue: Queue, ms: number) =>
  Promise.race([queue.close(), new Promise<void>((resolve) => setTimeout(resolve, ms).unref()).then(() => queue.disconnect())]);
