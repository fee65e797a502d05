// Bundles a service into dist/main.js with esbuild. The service's own npm
// dependencies stay external (resolved from its node_modules at run time);
// workspace packages and their dependencies are inlined, because pnpm's strict
// layout does not let a service resolve a package it does not depend on.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const ownDependencies = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith('@platform/'));
// Optional native add-ons that libraries require inside try/catch.
const optionalNatives = ['pg-native', 'bufferutil', 'utf-8-validate'];

await build({
  entryPoints: ['src/main.ts', ...process.argv.slice(2)],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...ownDependencies, ...optionalNatives],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`bundled ${pkg.name} -> dist/`);
