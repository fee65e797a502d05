// Creates the object-storage bucket when missing and applies the CORS policy
// of seed 001 (infra/storage/cors.json) with PutBucketCors. Idempotent.
//
//   node infra/storage/apply-bucket.mjs        reads R2_* from the environment
//
// Used by infra/local/ensure-infra.mjs (local server) and by docker-compose's
// one-shot init container (MinIO). Stores that refuse a step say so and the
// script carries on:
//   - MinIO community edition has no per-bucket CORS (NotImplemented): set
//     MINIO_API_CORS_ALLOW_ORIGIN on the MinIO container instead;
//   - an R2 API token limited to "Object Read & Write" may not create buckets or
//     set CORS (AccessDenied): do both once in the Cloudflare dashboard.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';

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
  const Bucket = options.bucket;
  try {
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
    try {
      await client.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: corsRules(options.extraOrigins ?? []) } }));
      log(`applied CORS policy to ${Bucket}${options.extraOrigins?.length ? ` (+ ${options.extraOrigins.join(', ')})` : ''}`);
    } catch (error) {
      if (isRefusal(error, 'NotImplemented')) {
        log('this server has no per-bucket CORS (MinIO community edition): set MINIO_API_CORS_ALLOW_ORIGIN on the server instead');
      } else if (isRefusal(error, 'AccessDenied')) {
        log('these credentials may not set bucket CORS: apply infra/storage/cors.json once in the provider dashboard');
      } else {
        throw error;
      }
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
