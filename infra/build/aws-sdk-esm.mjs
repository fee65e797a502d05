// An esbuild plugin: bundle the AWS SDK from its ES modules, so only the parts
// a service uses end up in dist/.
//
// Why: the SDK's packages publish CommonJS as "main" and ES modules as
// "module". On platform node esbuild picks "main", and CommonJS cannot be
// tree-shaken, so a service that sends five S3 commands loaded all of S3's
// (~100) and their serializers. From the ES modules, storage's idle RSS is
// about 11 MB lower (docs/performance.md, "Mixed load profile"). Packages with
// an "exports" map already resolve to their ES modules (esbuild's "module"
// condition) and are left alone, as are subpath imports.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The SDK's scopes; they also depend on each other. */
export const AWS_SDK_PACKAGES = /^@(?:aws-sdk|smithy|aws-crypto)\/[^/]+$/;

export const awsSdkEsm = {
  name: 'aws-sdk-esm',
  setup(build) {
    build.onResolve({ filter: AWS_SDK_PACKAGES }, (args) => {
      const from = args.importer ? realpathSync(args.importer) : join(args.resolveDir, 'package.json');
      let manifestPath;
      try {
        manifestPath = createRequire(from).resolve(`${args.path}/package.json`);
      } catch {
        return undefined; // not resolvable this way: esbuild's own resolution decides
      }
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (manifest.exports || typeof manifest.module !== 'string') return undefined;
      return { path: join(dirname(realpathSync(manifestPath)), manifest.module) };
    });
  },
};
