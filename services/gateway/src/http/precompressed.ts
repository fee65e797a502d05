import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Encodings the SDK build writes next to its browser files (packages/client/scripts/build.mjs), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The encodings a request accepts (`q=0` refuses one). */
function acceptedEncodings(request: FastifyRequest): Set<string> {
  const header = String(request.headers['accept-encoding'] ?? '');
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * Sends a file of the SDK's build, compressed when the browser accepts it:
 * its .br or .gz twin, written at build time (the browser bundle is ~27 KB,
 * ~8 KB compressed). Throws ENOENT when the file itself is missing, before
 * touching the reply, so the caller can answer that.
 */
export async function sendPrecompressed(request: FastifyRequest, reply: FastifyReply, path: string, contentType: string): Promise<FastifyReply> {
  const plain = await readFile(path);
  const accepted = acceptedEncodings(request);
  reply.type(contentType).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  for (const encoding of ENCODINGS) {
    if (!accepted.has(encoding.name) && !accepted.has('*')) continue;
    const compressed = await readFile(`${path}${encoding.suffix}`).catch(() => undefined);
    if (compressed) return reply.header('content-encoding', encoding.name).send(compressed);
  }
  return reply.send(plain);
}
