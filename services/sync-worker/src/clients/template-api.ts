import { syncWorker } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import { backoffDelay } from '../domain/backoff.js';
import { type ReceivedPage, readPage } from '../domain/export-page.js';
import type { SyncMetrics } from '../metrics.js';

export interface TemplateClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  logger: Logger;
  metrics: SyncMetrics;
}

/** Any failure to get a valid answer from the Template, with why (it decides the status a failed sync answers). */
export class TemplateApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly failure: Exclude<syncWorker.SyncFailure, 'internal'>,
  ) {
    super(message);
    this.name = 'TemplateApiError';
  }
}

/** A 401: the key is wrong. Never retried; the run fails with the seed's message. */
export class TemplateAuthError extends TemplateApiError {
  constructor() {
    super(syncWorker.TEMPLATE_AUTH_FAILED, false, 'template_auth');
    this.name = 'TemplateAuthError';
  }
}

/**
 * What a page request asks. `offset` is the seed's paging, which every
 * Template understands; `cursor` and `updatedSince` are our Template's
 * additions, sent only to a Template whose answers showed it supports them.
 */
export interface PageRequest {
  limit: number;
  offset?: number;
  cursor?: string;
  updatedSince?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Dashboard's client for a Template's export API (the seed's
 * TemplateAPIClient, with its bugs fixed): a timeout on every request,
 * retries with exponential backoff on timeouts, network errors, 429 and 5xx,
 * no retry on 401. It reads any Template that speaks the seed's API, so
 * answers are checked for shape (`{data: [objects]}`), not for our fields.
 * The key goes in one header and nowhere else: never in a log line or an
 * error message.
 */
export class TemplateClient {
  constructor(private readonly options: TemplateClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  async page(path: string, request: PageRequest): Promise<ReceivedPage> {
    const query = new URLSearchParams({ limit: String(request.limit) });
    if (request.cursor) query.set('cursor', request.cursor);
    else query.set('offset', String(request.offset ?? 0));
    if (request.updatedSince) query.set('updated_since', request.updatedSince);
    const body = await this.get(`${path}?${query}`);
    const page = readPage(body);
    if (typeof page === 'string') throw new TemplateApiError(`Template API ${path}: unexpected answer (${page})`, false, 'template_error');
    return page;
  }

  /** The seed's health check reads `stats`; any JSON object is a healthy answer, whatever its counters. */
  async stats(options: { timeoutMs?: number; retries?: number } = {}): Promise<Record<string, unknown>> {
    const body = await this.get('stats', options);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new TemplateApiError('Template API stats: unexpected answer (not a JSON object)', false, 'template_error');
    return body as Record<string, unknown>;
  }

  async get(endpoint: string, options: { timeoutMs?: number; retries?: number } = {}): Promise<unknown> {
    const retries = options.retries ?? this.options.retries;
    const name = endpoint.split('?')[0];
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(endpoint, options.timeoutMs ?? this.options.timeoutMs);
      } catch (error) {
        if (!(error instanceof TemplateApiError) || !error.retryable) throw error;
        if (attempt > retries) {
          throw new TemplateApiError(`${error.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`, false, error.failure);
        }
        const delay = backoffDelay(attempt, this.options.retryBaseMs, this.options.retryMaxMs);
        this.options.metrics.retries.inc({ reason: error.failure === 'template_timeout' ? 'timeout' : 'error' });
        this.options.logger.warn({ endpoint: name, attempt, delayMs: delay, error: error.message }, 'template request failed; retrying');
        await sleep(delay);
      }
    }
  }

  private async attempt(endpoint: string, timeoutMs: number): Promise<unknown> {
    const name = endpoint.split('?')[0];
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/export/${endpoint}`, {
        headers: { 'X-API-Key': this.options.apiKey, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.networkError(name, error);
    }
    if (response.status === 401) {
      await response.body?.cancel();
      this.options.metrics.authFailures.inc({});
      throw new TemplateAuthError();
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') throw this.networkError(name, error);
      throw new TemplateApiError(`Template API ${name}: HTTP ${response.status} with a body that is not JSON`, response.status >= 500, 'template_error');
    }
    if (!response.ok) {
      const message = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : `HTTP ${response.status}`;
      throw new TemplateApiError(
        `Template API ${name}: HTTP ${response.status}: ${message}`,
        response.status >= 500 || response.status === 429,
        'template_error',
      );
    }
    return body;
  }

  private networkError(endpoint: string, error: unknown): TemplateApiError {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return new TemplateApiError(`Template API timeout: ${endpoint}`, true, 'template_timeout');
    const reason = err.cause?.code ?? err.cause?.message ?? err.message;
    return new TemplateApiError(`Template API unreachable at ${this.baseUrl}: ${reason}`, true, 'template_unreachable');
  }
}
