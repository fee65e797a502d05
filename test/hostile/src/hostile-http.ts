import { request as httpRequest } from 'node:http';

export interface HostileRequest {
  method: string;
  /** Path and query, already encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

export interface HostileAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON. */
  json: unknown;
  /** 503/504 answers that a retry replaced (load on a shared machine, see sendHostile). */
  retriedBusy: number;
}

/** A JSON request as a client sends it: the body serialised with its Content-Type, a token as a Bearer. */
export function jsonRequest(method: string, path: string, options: { token?: string; headers?: Record<string, string>; body?: unknown } = {}): HostileRequest {
  const headers = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return { method, path, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) };
}

const BUSY_STATUSES = new Set([503, 504]);

/**
 * Sends one request and fails when no answer arrives within `deadlineMs`: a
 * hang is a bug, unlike a slow answer. A 503/504 is sent once more after a
 * pause: on a loaded 2-core machine one request can miss its deadline, but a
 * request that hangs a service answers 504 again.
 */
export async function sendHostile(baseUrl: string, request: HostileRequest, deadlineMs: number): Promise<HostileAnswer> {
  let answer = await sendOnce(baseUrl, request, deadlineMs);
  let retriedBusy = 0;
  if (BUSY_STATUSES.has(answer.status)) {
    retriedBusy = 1;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    answer = await sendOnce(baseUrl, request, deadlineMs);
  }
  return { ...answer, retriedBusy };
}

/**
 * One request on a connection of its own (no keep-alive), through node:http
 * rather than fetch: a server that refuses early (413, 431) closes the socket
 * while the body is still being written, and a reused socket the server just
 * closed would fail the next request. Either would read as "the server hung up"
 * when it did answer.
 */
function sendOnce(baseUrl: string, request: HostileRequest, deadlineMs: number): Promise<Omit<HostileAnswer, 'retriedBusy'>> {
  const { hostname, port } = new URL(baseUrl);
  const described = `${request.method} ${clip(request.path, 200)}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method: request.method, path: request.path, headers: request.headers, agent: false });
    let answered = false;
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new Error(`answer cut short (${error.message}): ${described}`)));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve({ status: res.statusCode ?? 0, headers, text, json: parseJson(text) });
      });
    });
    req.on('error', (error: Error & { code?: string }) => {
      if (answered) return; // the server answered, then closed while the body was still going out
      clearTimeout(timer);
      reject(new Error(`${error.code ?? ''} ${error.message}: ${described}`.trim()));
    });
    req.end(request.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/**
 * The human-readable reason of an error body, in any of the platform's error
 * styles (envelope, flat, success-flag) or Fastify's own shape for errors
 * raised before a route is known (e.g. 431 header overflow).
 */
export function refusalMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { error, message } = body as { error?: unknown; message?: unknown };
  const candidate =
    typeof error === 'string' ? error : typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : message;
  return typeof candidate === 'string' && candidate.trim() ? candidate : undefined;
}

/** The error code and field of an error body, in any error style. */
export function refusalCode(body: unknown): { code?: string; field?: string } {
  if (!body || typeof body !== 'object') return {};
  const { error, code, field } = body as { error?: { code?: string; field?: string }; code?: string; field?: string };
  if (error && typeof error === 'object') return { code: error.code, field: error.field };
  return { code, field };
}

/**
 * What is wrong with an answer to hostile input, or undefined when it is an
 * acceptable answer: never a 5xx, and every 4xx says why (a refused input
 * also names its field).
 */
export function answerProblem(answer: HostileAnswer): string | undefined {
  const shown = () => `${answer.status} ${clip(answer.text, 400)}`;
  if (answer.status >= 500) return `server error: ${shown()}`;
  if (answer.status < 400) return undefined;
  if (!refusalMessage(answer.json)) return `a ${answer.status} without a message: ${shown()}`;
  const { code, field } = refusalCode(answer.json);
  if (code === 'VALIDATION_FAILED' && !field) return `a validation refusal that names no field: ${shown()}`;
  return undefined;
}
