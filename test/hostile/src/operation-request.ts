import type { Operation } from '@platform/contracts';
import type { HostileRequest } from './hostile-http.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// A URL cannot carry a lone surrogate (encodeURIComponent throws); a browser sends the replacement character instead.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Text of any value; objects (null-prototype ones too, which String() cannot convert) as JSON. */
const textOf = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
const pathSegment = (value: unknown) => encodeURIComponent((value === undefined ? '' : textOf(value)).replace(loneSurrogate, '\ufffd'));

/**
 * Node refuses a request head over 16 KB (431) as soon as it has read that
 * much, and closes the socket; a multi-megabyte URL then only races our write
 * against that close. Anything past 64 KB is the same request to the server.
 */
const MAX_URL = 64 * 1024;
const clipUrl = (url: string) => (url.length > MAX_URL ? url.slice(0, MAX_URL) : url);

/**
 * Turns an input, valid or not, into the request a client would send: the
 * route's `:name` parameters from the input (as the SDK does), the rest in
 * the query for GET and DELETE (arrays as repeated keys, objects as JSON) or
 * as the JSON body otherwise. An input that is not an object is sent as the
 * whole body.
 */
export function requestFor(op: Operation, input: unknown, headers: Record<string, string> = {}): HostileRequest {
  const http = op.http!;
  const rest: Record<string, unknown> = isPlainObject(input) ? { ...input } : {};
  const path = http.path.replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
    const value = rest[name];
    delete rest[name];
    return pathSegment(value);
  });
  if (http.method === 'GET' || http.method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, textOf(item));
    }
    const qs = query.toString();
    return { method: http.method, path: clipUrl(qs ? `${path}?${qs}` : path), headers };
  }
  const body = isPlainObject(input) ? rest : input;
  return { method: http.method, path: clipUrl(path), headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) ?? 'null' };
}
