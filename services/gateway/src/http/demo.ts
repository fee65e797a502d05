import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEMO_CONTENT_TYPES, demoAssetFile, demoAssetsDir, SDK_BUNDLE_NAME, sdkBundlePath } from './demo-assets.js';
import { demoHelmetOptions } from './demo-csp.js';

const DEMO_PATH = '/demo';
const HTML = DEMO_CONTENT_TYPES['.html']!;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The interactive demo page (docs/demo.md): GET /demo, its scripts and styles
 * from services/gateway/demo/, and the SDK's browser bundle from
 * packages/client/dist. Files are read on each request, so a regenerated
 * bundle or an edited page shows on reload. Without the bundle (a checkout
 * where the generate step never ran) the page answers 503 saying how to build it.
 */
export async function registerDemoPage(app: FastifyInstance, options: { sdkBundlePath?: string } = {}): Promise<void> {
  const assetsDir = demoAssetsDir();
  const bundlePath = options.sdkBundlePath ?? sdkBundlePath();
  const bundleFiles = new Map([
    [SDK_BUNDLE_NAME, { path: bundlePath, contentType: DEMO_CONTENT_TYPES['.js']! }],
    [`${SDK_BUNDLE_NAME}.map`, { path: `${bundlePath}.map`, contentType: DEMO_CONTENT_TYPES['.map']! }],
  ]);
  const routeOptions = { schema: { hide: true }, helmet: demoHelmetOptions() };

  const send = async (reply: FastifyReply, path: string, contentType: string) => {
    const body = await readFile(path); // first: a missing file must leave the reply untouched for the error answer
    // A development tool that changes with the SDK: browsers always revalidate.
    return reply.type(contentType).header('cache-control', 'no-cache').send(body);
  };

  const bundleMissing = (reply: FastifyReply, html: boolean) => {
    const message = `The SDK's browser bundle (packages/client/dist/${SDK_BUNDLE_NAME}) is not built: run \`pnpm turbo run generate --filter @platform/client\` (npm start and npm test run it).`;
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
      return await send(reply, file.path, file.contentType);
    } catch (error) {
      if (!isMissing(error)) throw error;
      return bundleFile ? bundleMissing(reply, false) : notPartOfDemo(reply, request.url);
    }
  });
}
