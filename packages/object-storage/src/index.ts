import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { envFlag, optionalEnv } from '@platform/service-kit';
import { z } from 'zod';

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)');

/**
 * Seed 001's variables, plus R2_PRIVATE_BUCKET_NAME, R2_FORCE_PATH_STYLE and
 * R2_REGION. The secret is never logged. Two buckets (docs/decisions/0920):
 * R2_BUCKET_NAME is the public one the CDN serves (seed 001's models/,
 * videos/, images/, splats/), R2_PRIVATE_BUCKET_NAME holds everything else.
 */
export const r2EnvShape = {
  R2_ACCOUNT_ID: optionalEnv(z.string().regex(/^[A-Za-z0-9]+$/, 'must be the Cloudflare account id')),
  R2_ENDPOINT_URL: optionalEnv(z.url({ error: 'must be a URL such as https://<account_id>.r2.cloudflarestorage.com' })),
  R2_ACCESS_KEY_ID: z.string().min(1, 'must not be empty'),
  R2_SECRET_ACCESS_KEY: z.string().min(1, 'must not be empty'),
  R2_BUCKET_NAME: bucketName,
  /** Orders snapshots, private uploads, uploads not yet registered. Unset: `<R2_BUCKET_NAME>-private`. */
  R2_PRIVATE_BUCKET_NAME: optionalEnv(bucketName),
  R2_PUBLIC_URL: optionalEnv(z.url({ error: 'must be a URL' })),
  /** Endpoint written into presigned URLs when clients reach the store by another name (docker-compose: localhost vs minio). */
  R2_PRESIGN_ENDPOINT_URL: optionalEnv(z.url({ error: 'must be a URL' })),
  R2_FORCE_PATH_STYLE: envFlag('false'),
  R2_REGION: z.string().min(1).default('auto'),
};

export interface R2Config {
  R2_ACCOUNT_ID?: string;
  R2_ENDPOINT_URL?: string;
  R2_ACCESS_KEY_ID: string;
  R2_SECRET_ACCESS_KEY: string;
  R2_BUCKET_NAME: string;
  R2_PRIVATE_BUCKET_NAME?: string;
  R2_FORCE_PATH_STYLE: boolean;
  R2_REGION: string;
}

/** R2_ENDPOINT_URL, else the account's R2 endpoint; config parsing refuses having neither. */
export function r2Endpoint(config: Pick<R2Config, 'R2_ENDPOINT_URL' | 'R2_ACCOUNT_ID'>): string | undefined {
  return config.R2_ENDPOINT_URL ?? (config.R2_ACCOUNT_ID ? `https://${config.R2_ACCOUNT_ID}.r2.cloudflarestorage.com` : undefined);
}

/** The private bucket: R2_PRIVATE_BUCKET_NAME, else `<R2_BUCKET_NAME>-private`. */
export function privateBucketName(config: Pick<R2Config, 'R2_BUCKET_NAME' | 'R2_PRIVATE_BUCKET_NAME'>): string {
  return config.R2_PRIVATE_BUCKET_NAME ?? `${config.R2_BUCKET_NAME}-private`;
}

/** An endpoint, and two distinct buckets (a public bucket serves every key in it: R2 has no per-object ACL). */
export function requireR2Endpoint(
  config: Pick<R2Config, 'R2_ENDPOINT_URL' | 'R2_ACCOUNT_ID' | 'R2_BUCKET_NAME' | 'R2_PRIVATE_BUCKET_NAME'>,
  ctx: z.RefinementCtx,
): void {
  if (!r2Endpoint(config)) ctx.addIssue({ code: 'custom', path: ['R2_ENDPOINT_URL'], message: 'or R2_ACCOUNT_ID must be set' });
  if (config.R2_BUCKET_NAME && privateBucketName(config) === config.R2_BUCKET_NAME) {
    ctx.addIssue({ code: 'custom', path: ['R2_PRIVATE_BUCKET_NAME'], message: 'must differ from R2_BUCKET_NAME (the public bucket serves every key in it)' });
  }
  if (config.R2_BUCKET_NAME && privateBucketName(config).length > 63) {
    ctx.addIssue({ code: 'custom', path: ['R2_PRIVATE_BUCKET_NAME'], message: 'must be set: <R2_BUCKET_NAME>-private would be longer than 63 characters' });
  }
}

/**
 * SigV4 with region `auto` (R2), path-style when configured (local server,
 * MinIO). Checksums only when an operation requires them: R2, MinIO and the
 * local server do not all accept the SDK's default CRC32 trailers.
 */
export function createS3Client(config: R2Config, endpoint = r2Endpoint(config)): S3Client {
  return new S3Client({
    region: config.R2_REGION,
    endpoint,
    forcePathStyle: config.R2_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.R2_ACCESS_KEY_ID, secretAccessKey: config.R2_SECRET_ACCESS_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/** Readiness: the bucket answers with these credentials. */
export async function headBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new HeadBucketCommand({ Bucket: bucket }));
}
