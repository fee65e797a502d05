// The local environment: .env (created on first run with generated secrets)
// under whatever the caller already exported. `node env.mjs --export` prints
// shell exports for the bin/ scripts.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const envFile = `${root}.env`;

/** Local defaults: everything on loopback, nothing secret. */
export const LOCAL_DEFAULTS = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'info',
  DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:5432/platform',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
  CORS_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000',
  ADMIN_EMAIL: 'admin@paiecashfan.local',
  SEED_DEMO_DATA: 'true',
  // Object storage: the local S3-compatible server (infra/local/s3-server.mjs),
  // started by ensure-infra.mjs. Its credentials are fixed and not secret. To use
  // R2 instead, set R2_ENDPOINT_URL (or R2_ACCOUNT_ID with R2_ENDPOINT_URL empty)
  // and the R2_* keys in the environment or .env.
  R2_ENDPOINT_URL: 'http://127.0.0.1:9000',
  R2_ACCESS_KEY_ID: 'S3RVER',
  R2_SECRET_ACCESS_KEY: 'S3RVER',
  R2_BUCKET_NAME: 'platform-assets', // public: what the CDN serves (seed 001's models/, videos/, images/, splats/)
  R2_PRIVATE_BUCKET_NAME: 'platform-private', // orders snapshots, private uploads, uploads not yet registered
  R2_PUBLIC_URL: 'http://127.0.0.1:9000/platform-assets',
  R2_FORCE_PATH_STYLE: 'true',
  R2_CORS_EXTRA_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000',
};

/** Secrets are generated per machine, never committed. */
function generatedSecrets() {
  const templateKey = randomBytes(32).toString('base64url'); // as the seed's secrets.token_urlsafe(32)
  return {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
    // Ed25519 key that signs ticket QR tokens: base64 of the PKCS#8 DER private key.
    TICKET_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    // The Template's export key and the Dashboard's copy of it (seed 002).
    TEMPLATE_MASTER_API_KEY: templateKey,
    TEMPLATE_API_KEY: templateKey,
  };
}

function parse(text) {
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * Creates .env on first run. On later runs, secrets that a newer version of
 * the platform needs and the file lacks are appended, never overwritten.
 */
export function ensureEnvFile() {
  if (existsSync(envFile)) {
    const existing = parse(readFileSync(envFile, 'utf8'));
    const missing = Object.entries(generatedSecrets()).filter(([key]) => existing[key] === undefined && process.env[key] === undefined);
    if (missing.length > 0) appendFileSync(envFile, `${missing.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    return { ...existing, ...Object.fromEntries(missing) };
  }
  const values = { ...LOCAL_DEFAULTS, ...generatedSecrets() };
  const body = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  writeFileSync(envFile, `# Generated on first run for this machine; edit freely, never commit.\n${body}\n`, { mode: 0o600 });
  return values;
}

export function platformEnv() {
  return { ...LOCAL_DEFAULTS, ...ensureEnvFile(), ...process.env };
}

if (process.argv.includes('--export')) {
  const fromFile = { ...LOCAL_DEFAULTS, ...ensureEnvFile() };
  const quote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  for (const [key, value] of Object.entries(fromFile)) {
    if (process.env[key] === undefined) console.log(`export ${key}=${quote(value)}`);
  }
}
