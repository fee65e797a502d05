// Bundles a service into dist/ with esbuild: dist/main.js and the chunks it
// loads on demand, and dist/start, the command production runs. The service's
// own npm dependencies stay external (resolved from its node_modules at run
// time); workspace packages and their dependencies are inlined, because pnpm's
// strict layout does not let a service resolve a package it does not depend on.
//
// What keeps a service's idle memory down (docs/performance.md, "Mixed load
// profile", and docs/decisions/0007-idle-memory.md):
// - Code splitting: a dynamic `import()` becomes its own file in dist/, loaded
//   when the code path runs. Without it, esbuild inlines the imported module and
//   hoists that module's imports of external packages to the top of main.js,
//   so an optional driver (bookings' MongoDB driver and SMTP mailer) would be
//   loaded at start anyway.
// - The AWS SDK is inlined from its ES modules, tree-shaken (aws-sdk-esm.mjs),
//   although a service that uses it depends on it.
// - ASCII-only output (see asciiOnly below).
// - The node flags of dist/start (see NODE_FLAGS below).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { AWS_SDK_PACKAGES, awsSdkEsm } from './aws-sdk-esm.mjs';

/**
 * How every service runs in production (`pnpm start`, docker-compose, `npm
 * start -- --replicas`, and the tests and benchmarks that run the bundle).
 * --v8-pool-size=1: one V8 background thread instead of four. V8 compiles hot
 * code on those threads, and each thread's malloc arena kept the memory of the
 * compilations it ran: with four, a service's idle RSS varied by 10–15 MB from
 * one start to the next and averaged ~10 MB more (shop: 90–102 MB against
 * 80–81 MB). Throughput through the gateway was the same (bench/wallet, three
 * rounds each). Flags like --max-semi-space-size are not needed: the service
 * kit gives the young generation back when idle (idle-memory.ts).
 */
const NODE_FLAGS = ['--v8-pool-size=1'];

/**
 * glibc malloc settings of dist/start (a variable already set in the
 * environment wins). By default glibc raises its mmap and trim thresholds each
 * time a large block is freed, up to 32 and 64 MB, so the memory V8's compiler
 * and parser borrow in 64-256 KB zones stayed in the process once freed, an
 * amount that depended on what got compiled when: idle RSS varied by 5 MB
 * from one start to the next. Fixed thresholds give such blocks back on free:
 * idle RSS 79-87 MB against 84-91 for the services that varied most (storage,
 * sync-worker, tickets; three starts each), same throughput (decision 0007).
 */
const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: 65536, MALLOC_TRIM_THRESHOLD_: 131072 };

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const ownDependencies = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith('@platform/') && !AWS_SDK_PACKAGES.test(name));
// Optional native add-ons that libraries require inside try/catch.
const optionalNatives = ['pg-native', 'bufferutil', 'utf-8-validate'];

/**
 * V8 keeps a script's whole source in memory, one byte per character only if
 * every character fits in Latin-1; a single "—" in a comment makes it two bytes
 * per character. esbuild escapes non-ASCII in strings and identifiers but not
 * in comments or regular expression literals, which left the 2.7 MB main.js as
 * a 5.2 MB string on every service's heap. \uXXXX means the same character in
 * a regular expression and is harmless in a comment (a pattern's `.source`
 * shows the escape). Only lines holding such a character get longer, so the
 * source map stays right but for a few columns there.
 */
const asciiOnly = (code) => code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Chunks are named by content hash: start clean so no stale chunk survives a rebuild.
rmSync('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: ['src/main.ts', ...process.argv.slice(2)],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...ownDependencies, ...optionalNatives],
  plugins: [awsSdkEsm],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
  write: false,
});
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
}
// exec: node takes the shell's process id, so signals and exit codes are the service's own.
writeFileSync(
  'dist/start',
  [
    '#!/bin/sh',
    '# Written by infra/build/bundle-service.mjs: how production starts this service.',
    ...Object.entries(MALLOC_ENV).map(([name, value]) => `export ${name}="\${${name}:-${value}}"`),
    `exec node ${NODE_FLAGS.join(' ')} "$(dirname "$0")/main.js" "$@"`,
    '',
  ].join('\n'),
);
chmodSync('dist/start', 0o755);
console.log(`bundled ${pkg.name} -> dist/ (${result.outputFiles.filter((file) => file.path.endsWith('.js')).length} files)`);
