import type { IncomingMessage } from 'node:http';
import { optionalEnv } from '@platform/service-kit';
import type { HelmetOptions } from 'helmet';
import { z } from 'zod';

const optionalUrl = optionalEnv(z.url());

/** The object-storage settings (seed 001 names, the storage service's) that decide where a browser uploads to and previews from. */
const storageEnvSchema = z.object({
  R2_ENDPOINT_URL: optionalUrl,
  R2_PRESIGN_ENDPOINT_URL: optionalUrl,
  R2_PUBLIC_URL: optionalUrl,
  R2_ACCOUNT_ID: optionalEnv(z.string().regex(/^[A-Za-z0-9]+$/)),
  R2_FORCE_PATH_STYLE: z.string().optional(),
});

/**
 * Origins of the bucket: presigned upload URLs point there, and so do
 * download URLs shown as previews. Without an explicit endpoint, R2's own
 * (`https://<account>.r2.cloudflarestorage.com`, as @platform/object-storage
 * derives it); with virtual-hosted URLs the bucket is a subdomain.
 */
export function storageOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const parsed = storageEnvSchema.safeParse(env);
  if (!parsed.success) return [];
  const settings = parsed.data;
  const endpoints = [settings.R2_PRESIGN_ENDPOINT_URL, settings.R2_ENDPOINT_URL].filter((url): url is string => url !== undefined);
  if (endpoints.length === 0 && settings.R2_ACCOUNT_ID) endpoints.push(`https://${settings.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`);
  const origins = endpoints.map((url) => new URL(url).origin);
  if (settings.R2_FORCE_PATH_STYLE !== 'true') origins.push(...origins.map((origin) => origin.replace('://', '://*.')));
  if (settings.R2_PUBLIC_URL) origins.push(new URL(settings.R2_PUBLIC_URL).origin);
  return [...new Set(origins)];
}

// A Host header is the client's to choose: only a plain host[:port] goes into the header.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The social WebSocket on this very host. CSP3's 'self' covers it, but older engines only accept it named. */
function sameHostWebSockets(request: IncomingMessage): string {
  const host = request.headers.host;
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : "'self'";
}

/**
 * The demo page's policy, set on its routes only (the API keeps the global
 * helmet defaults): scripts and styles from this origin alone, the WebSocket
 * to the same host, QR codes as data: URLs, and the bucket for uploads and
 * previews. No upgrade-insecure-requests: `npm start` serves the page over
 * plain HTTP, and upgrading its own scripts to https would break it there.
 */
export function demoHelmetOptions(env: NodeJS.ProcessEnv = process.env): HelmetOptions {
  const storage = storageOrigins(env);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...storage],
        connectSrc: ["'self'", sameHostWebSockets, ...storage],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
  };
}
