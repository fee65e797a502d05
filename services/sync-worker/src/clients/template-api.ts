import { syncWorker, templateExport } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type { z } from 'zod';
import { backoffDelay } from '../domain/backoff.js';
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

/** A 401: the key is wrong. Never retried; the run fails with the seed's message. */
export class TemplateAuthError extends Error {
  constructor() {
    super(syncWorker.TEMPLATE_AUTH_FAILED);
    this.name = 'TemplateAuthError';
  }
}

/** Any other failure to get a valid answer from the Template. */
export class TemplateApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TemplateApiError';
  }
}

type PageSchema = (typeof templateExport.EXPORT_TABLES)[number]['page'];
export type ExportPage<S extends PageSchema = PageSchema> = z.output<S>;

export interface PageRequest {
  limit: number;
  cursor?: string;
  updatedSince?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Dashboard's client for the Template export API (the seed's
 * TemplateAPIClient, with its bugs fixed): a timeout on every request,
 * retries with exponential backoff on timeouts, network errors and 5xx, no
 * retry on 401, and every answer checked against the contract. The key goes
 * in one header and nowhere else: never in a log line or an error message.
 */
export class TemplateClient {
  constructor(private readonly options: TemplateClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  page<S extends PageSchema>(path: string, schema: S, request: PageRequest): Promise<ExportPage<S>> {
    const query = new URLSearchParams({ limit: String(request.limit) });
    if (request.cursor) query.set('cursor', request.cursor);
    if (request.updatedSince) query.set('updated_since', request.updatedSince);
    return this.get(`${path}?${query}`, schema) as Promise<ExportPage<S>>;
  }

  stats(options: { timeoutMs?: number; retries?: number } = {}) {
    return this.get('stats', templateExport.exportStats.output, options);
  }

  async get<S extends z.ZodType>(endpoint: string, schema: S, options: { timeoutMs?: number; retries?: number } = {}): Promise<z.output<S>> {
    const retries = options.retries ?? this.options.retries;
    const name = endpoint.split('?')[0];
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(endpoint, schema, options.timeoutMs ?? this.options.timeoutMs);
      } catch (error) {
        if (!(error instanceof TemplateApiError) || !error.retryable) throw error;
        if (attempt > retries) {
          throw new TemplateApiError(`${error.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`, false);
        }
        const delay = backoffDelay(attempt, this.options.retryBaseMs, this.options.retryMaxMs);
        this.options.metrics.retries.inc({ reason: error.message.startsWith('Template API timeout') ? 'timeout' : 'error' });
        this.options.logger.warn({ endpoint: name, attempt, delayMs: delay, error: error.message }, 'template request failed; retrying');
        await sleep(delay);
      }
    }
  }

  private async attempt<S extends z.ZodType>(endpoint: string, schema: S, timeoutMs: number): Promise<z.output<S>> {
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
      throw new TemplateApiError(`Template API ${name}: HTTP ${response.status} with a body that is not JSON`, response.status >= 500);
    }
    if (!response.ok) {
      const message = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : `HTTP ${response.status}`;
      throw new TemplateApiError(`Template API ${name}: HTTP ${response.status}: ${message}`, response.status >= 500 || response.status === 429);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TemplateApiError(`Template API ${name}: unexpected answer (${issue?.path.join('.')}: ${issue?.message})`, false);
    }
    return parsed.data;
  }

  private networkError(endpoint: string, error: unknown): TemplateApiError {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return new TemplateApiError(`Template API timeout: ${endpoint}`, true);
    const reason = err.cause?.code ?? err.cause?.message ?? err.message;
    return new TemplateApiError(`Template API unreachable at ${this.baseUrl}: ${reason}`, true);
  }
}
