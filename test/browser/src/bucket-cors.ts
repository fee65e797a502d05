import { pathToFileURL } from 'node:url';
import { repoRoot } from '@platform/testkit';
import type { TestBucket } from '@platform/testkit/s3';

interface ApplyBucketModule {
  applyBucketFromEnv(env: Record<string, string>, log?: (message: string) => void): Promise<void>;
}

/**
 * Lets a page served from `origin` PUT files to the test's bucket, with the
 * tooling that sets the real bucket's CORS policy (infra/storage/apply-bucket.mjs,
 * seed 001's rules plus R2_CORS_EXTRA_ORIGINS): a fresh test bucket has no CORS
 * rules, and browsers refuse a cross-origin upload without them.
 */
export async function allowBrowserUploads(bucket: TestBucket, origin: string): Promise<void> {
  const tooling = (await import(pathToFileURL(`${repoRoot}infra/storage/apply-bucket.mjs`).href)) as ApplyBucketModule;
  await tooling.applyBucketFromEnv({ ...bucket.env, R2_CORS_EXTRA_ORIGINS: origin }, () => undefined);
}
