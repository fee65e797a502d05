// Creates the two object-storage buckets when missing (docs/decisions/0920):
//   - R2_BUCKET_NAME, the public one the CDN serves (seed 001's layout);
//   - R2_PRIVATE_BUCKET_NAME (default <R2_BUCKET_NAME>-private): orders
//     snapshots, private uploads, uploads not yet registered;
// applies the CORS policy of seed 001 (infra/storage/cors.json) to both (browsers
// PUT to presigned URLs of the private bucket and GET from both), and, when
// R2_PUBLIC_URL is set, a public-read bucket policy to the public bucket only.
// Idempotent.
//
//   node infra/storage/apply-bucket.mjs        reads R2_* from the environment
//
// Used by infra/local/ensure-infra.mjs (local server) and by docker-compose's
// one-shot init container (MinIO). Stores that refuse a step say so and the
// script carries on:
//   - MinIO community edition has no per-bucket CORS (NotImplemented): set
//     MINIO_API_CORS_ALLOW_ORIGIN on the MinIO container instead;
//   - an R2 API token limited to "Object Read & Write" may not create buckets or
//     set CORS (AccessDenied): do both once in the Cloudflare dashboard;
//   - R2 has no bucket policies (NotImplemented): public access is the
//     bucket's "Public Access" setting (r2.dev or a custom domain), turned on
//     for the public bucket only (docs/operations.md#two-buckets).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, DeleteBucketPolicyCommand, HeadBucketCommand, PutBucketCorsCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';

export const corsPolicyFile = new URL('./cors.json', import.meta.url);

/** The seed's rules as checked in, plus one rule for extra (local development) origins. */
export function corsRules(extraOrigins = []) {
  const rules = JSON.parse(readFileSync(corsPolicyFile, 'utf8'));
  if (extraOrigins.length === 0) return rules;
  return [...rules, { ...rules[0], AllowedOrigins: extraOrigins }];
}

/** Endpoint as the services derive it: R2_ENDPOINT_URL, else the account's R2 endpoint. */
export function endpointFromEnv(env) {
  if (env.R2_ENDPOINT_URL) return env.R2_ENDPOINT_URL;
  if (env.R2_ACCOUNT_ID) return `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com`;
  return undefined;
}

const isRefusal = (error, ...names) => names.includes(error?.name) || names.includes(error?.Code);

/** Anyone may GET any key of `bucket`: the policy MinIO's `mc anonymous set download` writes. */
export function publicReadPolicy(bucket) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }],
  };
}

/** The private bucket's name, as the services derive it (packages/object-storage). */
export const privateBucketFromEnv = (env) => env.R2_PRIVATE_BUCKET_NAME || `${env.R2_BUCKET_NAME}-private`;

async function ensureBucket(client, Bucket, log) {
  try {
    await client.send(new HeadBucketCommand({ Bucket }));
  } catch (error) {
    if (error?.$metadata?.httpStatusCode !== 404) throw error;
    try {
      await client.send(new CreateBucketCommand({ Bucket }));
      log(`created bucket ${Bucket}`);
    } catch (createError) {
      if (!isRefusal(createError, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw createError;
    }
  }
}

async function applyCors(client, Bucket, extraOrigins, log) {
  try {
    await client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: corsRules(extraOrigins) } }));
    log(`applied CORS policy to ${Bucket}${extraOrigins.length ? ` (+ ${extraOrigins.join(', ')})` : ''}`);
  } catch (error) {
    if (isRefusal(error, 'NotImplemented')) {
      log('this server has no per-bucket CORS (MinIO community edition): set MINIO_API_CORS_ALLOW_ORIGIN on the server instead');
    } else if (isRefusal(error, 'AccessDenied')) {
      log('these credentials may not set bucket CORS: apply infra/storage/cors.json once in the provider dashboard');
    } else {
      throw error;
    }
  }
}

/** Public read on the public bucket (when it is published), none on the private one. */
async function applyReadPolicy(client, Bucket, isPublic, log) {
  try {
    if (isPublic) {
      await client.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(publicReadPolicy(Bucket)) }));
      log(`${Bucket}: anyone may GET its objects (public-read policy)`);
    } else {
      await client.send(new DeleteBucketPolicyCommand({ Bucket }));
    }
  } catch (error) {
    if (isRefusal(error, 'NotImplemented', 'AccessDenied', 'MethodNotAllowed')) {
      if (isPublic) log(`${Bucket}: this store sets public access elsewhere (R2: the bucket's Public Access setting); the private bucket must stay private`);
    } else if (!isRefusal(error, 'NoSuchBucketPolicy')) {
      throw error;
    }
  }
}

/**
 * options: endpoint, region, forcePathStyle, accessKeyId, secretAccessKey,
 * bucket (public), privateBucket, publicRead (publish the public bucket),
 * extraOrigins, log.
 */
export async function applyBucket(options) {
  const log = options.log ?? ((message) => console.log(`[storage] ${message}`));
  const client = new S3Client({
    region: options.region ?? 'auto',
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const extraOrigins = options.extraOrigins ?? [];
  try {
    for (const [bucket, isPublic] of [
      [options.bucket, options.publicRead ?? false],
      [options.privateBucket, false],
    ]) {
      if (!bucket) continue;
      await ensureBucket(client, bucket, log);
      await applyCors(client, bucket, extraOrigins, log);
      await applyReadPolicy(client, bucket, isPublic, log);
    }
  } finally {
    client.destroy();
  }
}

export function applyBucketFromEnv(env = process.env, log) {
  const endpoint = endpointFromEnv(env);
  if (!endpoint) throw new Error('set R2_ENDPOINT_URL (or R2_ACCOUNT_ID) to the object storage endpoint');
  for (const name of ['R2_ACCESS_KEY_ID', 'R2_SECRET_ACCESS_KEY', 'R2_BUCKET_NAME']) {
    if (!env[name]) throw new Error(`${name} is required but not set`);
  }
  return applyBucket({
    endpoint,
    region: env.R2_REGION || 'auto',
    forcePathStyle: env.R2_FORCE_PATH_STYLE === 'true',
    accessKeyId: env.R2_ACCESS_KEY_ID,
    secretAccessKey: env.R2_SECRET_ACCESS_KEY,
    bucket: env.R2_BUCKET_NAME,
    privateBucket: privateBucketFromEnv(env),
    publicRead: Boolean(env.R2_PUBLIC_URL),
    extraOrigins: (env.R2_CORS_EXTRA_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    log,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await applyBucketFromEnv();
  } catch (error) {
    console.error(`[storage] ${error.name}: ${error.message}`);
    process.exit(1);
  }
}
