import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eventStreamName } from '@platform/contracts';
import { connect } from '@nats-io/transport-node';
import { dropNamespaceSchemas, infra, repoRoot, uniqueNamespace } from '@platform/testkit';
import { startBenchService } from '../lib/services.js';

export { repoRoot } from '@platform/testkit';
export type { BenchService as RunningService } from '../lib/services.js';

/** One namespace per run: its own schemas, subjects, stream and bucket; nothing real is touched. */
export const namespace = uniqueNamespace('benchos');
export const bucket = `bench-${namespace}`;
/** Snapshots are written to the private bucket (decision 0920). */
export const privateBucket = `${bucket}-private`;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalStore {
  url: string;
  /** Successful PutObject calls per key since start. */
  writes: Map<string, number>;
  close(): Promise<void>;
}

/** The repo's local S3-compatible server (infra/local/s3-server.mjs), in this process, counting object writes. */
export async function startStore(): Promise<LocalStore> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-s3-'));
  const writes = new Map<string, number>();
  const { startLocalS3 } = (await import(pathToFileURL(`${repoRoot}infra/local/s3-server.mjs`).href)) as {
    startLocalS3(options: object): Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await startLocalS3({
    port: 0,
    directory,
    credentials,
    onObjectWrite: (_bucket: string, key: string) => writes.set(key, (writes.get(key) ?? 0) + 1),
  });
  const { applyBucket } = (await import(pathToFileURL(`${repoRoot}infra/storage/apply-bucket.mjs`).href)) as {
    applyBucket(options: object): Promise<void>;
  };
  await applyBucket({ endpoint: server.url, forcePathStyle: true, bucket, privateBucket, ...credentials, log: () => undefined });
  return {
    url: server.url,
    writes,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A service in its own process, ready on /health (../lib/services.ts), with the run's namespace and production settings. */
export const startService = (service: 'gateway' | 'orders-snapshot', extra: Record<string, string>) =>
  startBenchService(service, namespace, { NODE_ENV: 'production', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra });

/** S3 env of the orders-snapshot service for the in-process store. */
export const storeEnv = (store: LocalStore) => ({
  R2_ENDPOINT_URL: store.url,
  R2_ACCESS_KEY_ID: credentials.accessKeyId,
  R2_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  R2_BUCKET_NAME: bucket,
  R2_PRIVATE_BUCKET_NAME: privateBucket,
  R2_FORCE_PATH_STYLE: 'true',
});

export const storeCredentials = credentials;

/** Drops the run's schemas and event stream. */
export async function cleanUp(): Promise<void> {
  await dropNamespaceSchemas(namespace);
  const nc = await connect({ servers: infra.natsUrl });
  await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 2_000 }).catch(() => undefined);
  await nc.close();
}
