// Bundles a service into dist/main.js with esbuild: workspace packages are
// inlined, npm dependencies stay external. Runs from the service's folder.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith('@platform/'));
const platformDeps = Object.keys(pkg.dependencies ?? {}).filter((name) => name.startsWith('@platform/'));
// npm dependencies of the inlined workspace packages stay external too.
for (const dep of platformDeps) {
  const inner = JSON.parse(readFileSync(`node_modules/${dep}/package.json`, 'utf8'));
  for (const name of Object.keys(inner.dependencies ?? {})) if (!name.startsWith('@platform/')) external.push(name);
}
const entryPoints = ['src/main.ts', ...(process.argv.slice(2) ?? [])];
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [...new Set(external), '@prisma/client/*'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`bundled ${pkg.name} -> dist/`);
