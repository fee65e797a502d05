// Builds the SDK (decision 0950), after scripts/generate-routes.ts:
//  - dist/index.js + dist/index.d.ts: the npm package (ESM, for bundlers and Node 20+);
//  - dist/paiecashfan-sdk.js: one minified ES module for browsers
//    (served by the gateway at /sdk/paiecashfan-sdk.js and /demo/paiecashfan-sdk.js);
//  - dist/client.js: the same as a classic script defining window.PaieCashFanAPIClient
//    (served at /sdk/client.js, as the seed's pages include `api/client.js`);
//  - .gz and .br copies of both browser files, which the gateway sends to browsers that accept them.
// The runtime imports nothing from @platform/contracts (only types): routes come
// from src/generated/routes.ts, so no zod schema reaches a browser.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(packageDir, 'dist');
// Browsers with native ES modules, fetch, WebSocket and crypto.randomUUID.
const browsers = ['chrome111', 'firefox111', 'safari16.4'];
const common = { absWorkingDir: packageDir, bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', format: 'esm', platform: 'neutral', target: 'es2022' }),
  build({ ...common, entryPoints: { 'paiecashfan-sdk': 'src/index.ts' }, outdir: 'dist', format: 'esm', platform: 'browser', target: browsers, minify: true }),
  build({
    ...common,
    entryPoints: { client: 'scripts/classic-entry.ts' },
    outdir: 'dist',
    format: 'iife',
    platform: 'browser',
    target: browsers,
    minify: true,
  }),
]);

for (const name of ['paiecashfan-sdk.js', 'client.js']) {
  const file = join(dist, name);
  const bytes = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

// Declarations: tsc emits the SDK's and the contracts' (types only: the
// package's types are the contracts'), then the SDK's imports of
// @platform/contracts become relative, so the package stands alone.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
const typesDir = join(dist, 'types', 'client', 'src');
const contractsIndex = join(dist, 'types', 'contracts', 'src', 'index.js');
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of walk(typesDir).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8');
  let target = relative(dirname(file), contractsIndex).replaceAll('\\', '/');
  if (!target.startsWith('.')) target = `./${target}`;
  writeFileSync(file, text.replaceAll(/(['"])@platform\/contracts\1/g, `'${target}'`));
}
writeFileSync(join(dist, 'index.d.ts'), "export * from './types/client/src/index.js';\nexport { default } from './types/client/src/index.js';\n");

const gzipped = (name) => (readFileSync(join(dist, `${name}.gz`)).length / 1024).toFixed(1);
console.log(`built @platform/client -> dist/ (browser bundle ${gzipped('paiecashfan-sdk.js')} KB gzipped, classic script ${gzipped('client.js')} KB)`);
