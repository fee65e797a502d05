import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File name of the SDK's browser bundle, in packages/client/dist and at /demo/<name>. */
export const SDK_BUNDLE_NAME = 'paiecashfan-sdk.js';

export const DEMO_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Page assets: `app.js`, `demo.css`, `sections/wallet.js`; one folder level at most, so no name can climb out of the folder. */
const ASSET_NAME = /^(?:[a-z0-9-]+\/)?[a-z0-9-]+\.(?:js|css)$/;

function findUp(start: string, accept: (dir: string) => boolean): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (accept(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * services/gateway/demo. Found by walking up from this module rather than by a
 * fixed relative path, because this code runs from two depths: src/http/demo-assets.ts
 * under tsx, and dist/main.js once infra/build/bundle-service.mjs has inlined it.
 */
export function demoAssetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packageDir = findUp(here, (dir) => existsSync(join(dir, 'demo', 'index.html')));
  if (!packageDir) throw new Error(`the demo page's folder (services/gateway/demo) was not found above ${here}`);
  return join(packageDir, 'demo');
}

/**
 * packages/client/dist/paiecashfan-sdk.js, located through the gateway's own
 * dependency on @platform/client (Node resolves the workspace link to the real
 * folder), so it holds from src/ and from the bundled dist/main.js alike.
 */
export function sdkBundlePath(): string {
  const entry = createRequire(import.meta.url).resolve('@platform/client');
  const clientDir = findUp(dirname(entry), (dir) => existsSync(join(dir, 'package.json')));
  if (!clientDir) throw new Error(`@platform/client resolved to ${entry}, which is in no package`);
  return join(clientDir, 'dist', SDK_BUNDLE_NAME);
}

/** The file behind /demo/<name>, or undefined when the name is not one of the page's assets. */
export function demoAssetFile(assetsDir: string, name: string): { path: string; contentType: string } | undefined {
  if (!ASSET_NAME.test(name)) return undefined;
  return { path: join(assetsDir, name), contentType: DEMO_CONTENT_TYPES[extname(name)]! };
}
