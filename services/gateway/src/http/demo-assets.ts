import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File name of the SDK's browser bundle (an ES module), in packages/client/dist, at /demo/<name> and /sdk/<name>. */
export const SDK_BUNDLE_NAME = 'paiecashfan-sdk.js';
/** The same SDK as a classic script defining window.PaieCashFanAPIClient, at /sdk/client.js (seed 003's `api/client.js`). */
export const SDK_CLASSIC_NAME = 'client.js';

export const DEMO_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Page assets: `app.js`, `demo.css`, `sections/wallet.js`, `favicon.svg`; one folder level at most, so no name can climb out of the folder. */
const ASSET_NAME = /^(?:[a-z0-9-]+\/)?[a-z0-9-]+\.(?:js|css|svg)$/;

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
 * packages/client/dist, located through the gateway's own dependency on
 * @platform/client (Node resolves the workspace link to the real folder), so
 * it holds from src/ and from the bundled dist/main.js alike.
 */
export function sdkDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@platform/client/package.json')), 'dist');
}

/** packages/client/dist/paiecashfan-sdk.js */
export function sdkBundlePath(): string {
  return join(sdkDistDir(), SDK_BUNDLE_NAME);
}

/** The file behind /demo/<name>, or undefined when the name is not one of the page's assets. */
export function demoAssetFile(assetsDir: string, name: string): { path: string; contentType: string } | undefined {
  if (!ASSET_NAME.test(name)) return undefined;
  return { path: join(assetsDir, name), contentType: DEMO_CONTENT_TYPES[extname(name)]! };
}
