// Builds the browser bundle of the SDK: dist/paiecashfan-sdk.js, one ES module
// with PaieCashFanAPIClient, ApiError and the contracts (zod included), served
// by the gateway at /demo/paiecashfan-sdk.js. Run by `pnpm turbo run generate`
// (npm start and npm test), or directly: node packages/client/scripts/build-browser.mjs
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const browserBundlePath = fileURLToPath(new URL('../dist/paiecashfan-sdk.js', import.meta.url));

await build({
  absWorkingDir: packageDir,
  entryPoints: { 'paiecashfan-sdk': 'scripts/browser-entry.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Browsers with native ES modules, fetch, WebSocket and crypto.randomUUID.
  target: ['chrome111', 'firefox111', 'safari16.4'],
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`bundled @platform/client for browsers -> ${browserBundlePath}`);
