import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { repoRoot } from './processes.js';

/**
 * Object storage for tests: the server `npm test` started (infra/local/s3-server.mjs
 * on 127.0.0.1:9000, or whatever R2_ENDPOINT_URL points to, e.g. MinIO; never an
 * R2 endpoint), else the same local server started in this process. Each test
 * file gets its own pair of buckets, as the platform has (docs/decisions/0920):
 * a public one (anyone may GET its objects, like R2's public access) and a
 * private one, and deletes both afterwards.
 */
export interface TestBucketHandle {
  bucket: string;
  keys(prefix?: string): Promise<string[]>;
  text(key: string): Promise<string>;
  bytes(key: string): Promise<Buffer>;
  head(key: string): Promise<StoredHead | undefined>;
  put(key: string, body: string | Buffer, contentType?: string, extra?: { metadata?: Record<string, string> }): Promise<string | undefined>;
}

export interface StoredHead {
  contentType?: string;
  contentLength?: number;
  etag?: string;
  cacheControl?: string;
  contentDisposition?: string;
  websiteRedirectLocation?: string;
  metadata?: Record<string, string>;
}

/** The public bucket (R2_BUCKET_NAME), with the private one (R2_PRIVATE_BUCKET_NAME) beside it. */
export interface TestBucket extends TestBucketHandle {
  endpoint: string;
  client: S3Client;
  /** R2_* variables for a service under test (both buckets). */
  env: Record<string, string>;
  private: TestBucketHandle;
  /** Empties and deletes both buckets, and stops the in-process server if this file started one. */
  destroy(): Promise<void>;
}

const DEFAULT_ENDPOINT = 'http://127.0.0.1:9000';

function reachable(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

interface LocalS3Server {
  url: string;
  close(): Promise<void>;
}

/**
 * Whether the store at `endpoint` enforces access like R2: an anonymous
 * listing is refused. A local server from before the two buckets (which let
 * anyone list and read) would make the access tests meaningless, so the tests
 * then start their own, current one.
 */
async function refusesAnonymousListing(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint.replace(/\/+$/, '')}/`, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status === 403;
  } catch {
    return false;
  }
}

async function startInProcessServer(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<LocalS3Server> {
  const module = (await import(pathToFileURL(`${repoRoot}infra/local/s3-server.mjs`).href)) as {
    startLocalS3(options: object): Promise<LocalS3Server>;
  };
  return module.startLocalS3({ port: 0, directory: mkdtempSync(join(tmpdir(), 'platform-s3-')), credentials });
}

/** A bucket named after the test namespace (S3 names: lowercase letters, digits, hyphens). */
export async function createTestBucket(namespace: string): Promise<TestBucket> {
  // Never Cloudflare itself: tests create and delete buckets.
  const configured = process.env.R2_ENDPOINT_URL && !new URL(process.env.R2_ENDPOINT_URL).hostname.endsWith('.r2.cloudflarestorage.com');
  const credentials = {
    accessKeyId: (configured && process.env.R2_ACCESS_KEY_ID) || 'S3RVER',
    secretAccessKey: (configured && process.env.R2_SECRET_ACCESS_KEY) || 'S3RVER',
  };
  let endpoint = configured ? process.env.R2_ENDPOINT_URL! : DEFAULT_ENDPOINT;
  let server: LocalS3Server | undefined;
  if (!(await reachable(new URL(endpoint))) || !(await refusesAnonymousListing(endpoint))) {
    server = await startInProcessServer(credentials);
    endpoint = server.url;
  }
  const client = new S3Client({
    region: 'auto',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = `test-${namespace.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 58).replace(/-+$/, '');
  const privateBucket = `${bucket}-priv`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new CreateBucketCommand({ Bucket: privateBucket }));
  // The public bucket serves every key to anyone, as R2's public access (r2.dev / custom domain) does.
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(publicReadPolicy(bucket)) }));

  const publicHandle = bucketHandle(client, bucket);
  const privateHandle = bucketHandle(client, privateBucket);
  return {
    ...publicHandle,
    endpoint,
    client,
    private: privateHandle,
    env: {
      R2_ENDPOINT_URL: endpoint,
      R2_ACCESS_KEY_ID: credentials.accessKeyId,
      R2_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      R2_BUCKET_NAME: bucket,
      R2_PRIVATE_BUCKET_NAME: privateBucket,
      R2_PUBLIC_URL: `${endpoint}/${bucket}`,
      R2_FORCE_PATH_STYLE: 'true',
    },
    async destroy() {
      try {
        await emptyAndDelete(client, bucket, publicHandle);
        await emptyAndDelete(client, privateBucket, privateHandle);
      } finally {
        client.destroy();
        await server?.close();
      }
    },
  };
}

/** Anyone may GET any key: the policy MinIO's `mc anonymous set download` writes (apply-bucket.mjs sets the same). */
export function publicReadPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }],
  };
}

function bucketHandle(client: S3Client, bucket: string): TestBucketHandle {
  const keys = async (prefix?: string) => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) found.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort();
  };
  const bytes = async (key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  };
  return {
    bucket,
    keys,
    bytes,
    text: async (key) => (await bytes(key)).toString('utf8'),
    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
          contentType: head.ContentType,
          contentLength: head.ContentLength,
          etag: head.ETag,
          cacheControl: head.CacheControl,
          contentDisposition: head.ContentDisposition,
          websiteRedirectLocation: head.WebsiteRedirectLocation,
          metadata: head.Metadata,
        };
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw error;
      }
    },
    async put(key, body, contentType, extra) {
      const result = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: extra?.metadata }));
      return result.ETag;
    },
  };
}

async function emptyAndDelete(client: S3Client, bucket: string, handle: TestBucketHandle): Promise<void> {
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch(() => undefined); // not every server lists them
  for (const upload of uploads?.Uploads ?? []) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId })).catch(() => undefined);
  }
  const remaining = await handle.keys();
  for (let i = 0; i < remaining.length; i += 1000) {
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: remaining.slice(i, i + 1000).map((Key) => ({ Key })) } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}
