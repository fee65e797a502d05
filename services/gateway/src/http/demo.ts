import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEMO_CONTENT_TYPES, demoAssetFile, demoAssetsDir, SDK_BUNDLE_NAME, SDK_CLASSIC_NAME, sdkBundlePath } from './demo-assets.js';
import { demoHelmetOptions } from './demo-csp.js';
import { sendPrecompressed } from './precompressed.js';

const DEMO_PATH = '/demo';
/** The SDK for any page (seed 003): /sdk/client.js (classic script) and /sdk/paiecashfan-sdk.js (ES module). */
const SDK_PATH = '/sdk';
const HTML = DEMO_CONTENT_TYPES['.html']!;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The interactive demo page (docs/demo.md): GET /demo, its scripts and styles
 * from services/gateway/demo/, and the SDK's browser bundle from
 * packages/client/dist; /sdk/ serves that bundle and the classic-script build
 * to any page, compressed when the browser accepts it. Files are read on each request, so a regenerated
 * bundle or an edited page shows on reload. Without the bundle (a checkout
 * where the generate step never ran) the page answers 503 saying how to build it.
 */
export async function registerDemoPage(app: FastifyInstance, options: { sdkBundlePath?: string } = {}): Promise<void> {
  const assetsDir = demoAssetsDir();
  const bundlePath = options.sdkBundlePath ?? sdkBundlePath();
  const distDir = dirname(bundlePath);
  const bundleFiles = new Map([
    [SDK_BUNDLE_NAME, { path: bundlePath, contentType: DEMO_CONTENT_TYPES['.js']! }],
    [`${SDK_BUNDLE_NAME}.map`, { path: `${bundlePath}.map`, contentType: DEMO_CONTENT_TYPES['.map']! }],
  ]);
  const sdkFiles = new Map([
    ...bundleFiles,
    [SDK_CLASSIC_NAME, { path: join(distDir, SDK_CLASSIC_NAME), contentType: DEMO_CONTENT_TYPES['.js']! }],
    [`${SDK_CLASSIC_NAME}.map`, { path: join(distDir, `${SDK_CLASSIC_NAME}.map`), contentType: DEMO_CONTENT_TYPES['.map']! }],
  ]);
  // Pages of other origins include the SDK with <script src>: helmet's default same-origin resource policy would block that.
  const sdkRouteOptions = { schema: { hide: true }, config: { securityHeaders: { crossOriginResourcePolicy: { policy: 'cross-origin' as const } } } };
  const routeOptions = { schema: { hide: true }, config: { securityHeaders: demoHelmetOptions() } };

  const send = async (reply: FastifyReply, path: string, contentType: string) => {
    const body = await readFile(path); // first: a missing file must leave the reply untouched for the error answer
    // A development tool that changes with the SDK: browsers always revalidate.
    return reply.type(contentType).header('cache-control', 'no-cache').send(body);
  };

  const bundleMissing = (reply: FastifyReply, html: boolean, name = SDK_BUNDLE_NAME) => {
    const message = `The SDK's browser build (packages/client/dist/${name}) is not built: run \`pnpm turbo run generate --filter @platform/client\` (npm start and npm test run it).`;
    reply.status(503).header('cache-control', 'no-store');
    if (html) return reply.type(HTML).send(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Demo unavailable</title><p>${message}</p></html>`);
    return reply.send({ error: { code: 'SERVICE_UNAVAILABLE', status: 503, message } });
  };
  const notPartOfDemo = (reply: FastifyReply, url: string) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', status: 404, message: `${url} is not part of the demo page` } });

  app.get(DEMO_PATH, routeOptions, async (_request, reply) => {
    try {
      await access(bundlePath);
    } catch (error) {
      if (isMissing(error)) return bundleMissing(reply, true);
      throw error;
    }
    return send(reply, join(assetsDir, 'index.html'), HTML);
  });

  app.get(`${DEMO_PATH}/*`, routeOptions, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    if (name === '') return reply.redirect(DEMO_PATH, 308);
    const bundleFile = bundleFiles.get(name);
    const file = bundleFile ?? demoAssetFile(assetsDir, name);
    if (!file) return notPartOfDemo(reply, request.url);
    try {
      return await (bundleFile ? sendPrecompressed(request, reply, file.path, file.contentType) : send(reply, file.path, file.contentType));
    } catch (error) {
      if (!isMissing(error)) throw error;
      return bundleFile ? bundleMissing(reply, false) : notPartOfDemo(reply, request.url);
    }
  });

  app.get(`${SDK_PATH}/*`, sdkRouteOptions, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = sdkFiles.get(name);
    if (!file) {
      const known = [...sdkFiles.keys()].filter((n) => !n.endsWith('.map')).join(', ');
      return reply.status(404).send({ error: { code: 'NOT_FOUND', status: 404, message: `${request.url} is not part of the SDK (${known})` } });
    }
    try {
      return await sendPrecompressed(request, reply, file.path, file.contentType);
    } catch (error) {
      if (!isMissing(error)) throw error;
      return bundleMissing(reply, false, name);
    }
  });
}
