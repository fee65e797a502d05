// The local S3-compatible server for `npm start`, `npm test` and the tests:
// s3rver (bucket and object CRUD, multipart, bucket CORS) behind a thin front
// that adds what s3rver leaves out and R2, S3 and MinIO do (PLATFORM-NOTES.md):
//   - SigV4 signatures are checked, for Authorization headers and presigned
//     URLs. s3rver accepts any V4 signature; here a presigned PUT whose signed
//     Content-Type or Content-Length does not match the request is refused (403).
//   - access as on R2: anonymous requests may only GET/HEAD objects of a bucket
//     made public (a public-read bucket policy, which apply-bucket.mjs sets on
//     the public bucket, as `mc anonymous set download` does on MinIO). No
//     anonymous listing of any bucket, no anonymous write, nothing of a private
//     bucket. Everything else needs a valid SigV4 signature; presigned URLs
//     past their X-Amz-Expires and header-signed requests more than 15 min off
//     are refused (403), and so are x-amz-* headers left out of the signature
//     (S3's rule: a presigned PUT cannot add x-amz-meta-* or
//     x-amz-website-redirect-location that the signer did not sign);
//   - PutObject honours If-Match / If-None-Match (412 PreconditionFailed);
//   - requests on one key are serialized, so a read never sees half a write
//     (s3rver writes objects in place) and a conditional write is atomic;
//   - AbortMultipartUpload works (s3rver answers 405).
// Run it: node infra/local/s3-server.mjs [--host 127.0.0.1] [--port 9000] [--dir .local/s3]
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it for query keys and values. */
const rfc3986 = (value) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function sendError(res, status, code, message) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function parseQuery(rawQuery) {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const key = at === -1 ? pair : pair.slice(0, at);
      const value = at === -1 ? '' : pair.slice(at + 1);
      return [decodeURIComponent(key), decodeURIComponent(value)];
    });
}

function canonicalQuery(params) {
  return params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(req, name) {
  const value = req.headers[name];
  if (value === undefined) return '';
  return (Array.isArray(value) ? value.join(',') : String(value)).trim().replace(/\s+/g, ' ');
}

/** Reads the SigV4 parameters from the Authorization header or the presigned query. */
function signatureOf(req, params) {
  const query = Object.fromEntries(params);
  if (query['X-Amz-Algorithm'] !== undefined) {
    return {
      presigned: true,
      credential: query['X-Amz-Credential'] ?? '',
      signedHeaders: query['X-Amz-SignedHeaders'] ?? '',
      signature: query['X-Amz-Signature'] ?? '',
      amzDate: query['X-Amz-Date'] ?? '',
      expires: query['X-Amz-Expires'] ?? '',
      payloadHash: query['X-Amz-Content-Sha256'] ?? 'UNSIGNED-PAYLOAD',
    };
  }
  const header = headerValue(req, 'authorization');
  if (!header.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const parts = Object.fromEntries(
    header
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map((part) => part.trim().split('=')),
  );
  return {
    presigned: false,
    credential: parts.Credential ?? '',
    signedHeaders: parts.SignedHeaders ?? '',
    signature: parts.Signature ?? '',
    amzDate: headerValue(req, 'x-amz-date'),
    payloadHash: headerValue(req, 'x-amz-content-sha256') || 'UNSIGNED-PAYLOAD',
  };
}

/**
 * Recomputes the SigV4 signature of a request. The payload itself is not
 * hashed (presigned uploads are UNSIGNED-PAYLOAD anyway): what matters here is
 * that every signed header, Content-Type and Content-Length included, is the
 * one the signer saw.
 */
/** 20260301T183000Z -> epoch milliseconds, or NaN. */
function parseAmzDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
}

/** S3 refuses a header-signed request whose date is more than 15 minutes from its clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
/** Presigned URLs live at most 7 days (SigV4's limit). */
const MAX_PRESIGNED_SECONDS = 604_800;

/** Whether the signature is still valid now, as S3 judges it. */
function freshness(sig, now) {
  const signedAt = parseAmzDate(sig.amzDate);
  if (Number.isNaN(signedAt)) return { ok: false, code: 'AuthorizationHeaderMalformed', message: 'X-Amz-Date is missing or malformed' };
  if (sig.presigned) {
    const seconds = Number(sig.expires);
    if (!/^\d+$/.test(sig.expires) || seconds < 1 || seconds > MAX_PRESIGNED_SECONDS) {
      return {
        ok: false,
        code: 'AuthorizationQueryParametersError',
        message: `X-Amz-Expires must be a number of seconds between 1 and ${MAX_PRESIGNED_SECONDS}`,
      };
    }
    if (now > signedAt + seconds * 1000) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    if (signedAt > now + MAX_CLOCK_SKEW_MS) return { ok: false, code: 'AccessDenied', message: 'Request is not valid yet' };
    return { ok: true };
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large' };
  }
  return { ok: true };
}

export function verifySigV4(req, secrets, now = Date.now()) {
  const [rawPath, rawQuery = ''] = req.url.split('?', 2);
  let params;
  try {
    params = parseQuery(rawQuery);
  } catch {
    return { ok: false, code: 'AuthorizationQueryParametersError', message: 'Malformed query string' };
  }
  const sig = signatureOf(req, params);
  if (!sig) return { ok: false, code: 'AccessDenied', message: 'Only AWS4-HMAC-SHA256 signatures are accepted' };
  const [accessKeyId, date, region, service, terminator] = sig.credential.split('/');
  const secret = secrets.get(accessKeyId);
  if (!secret) return { ok: false, code: 'InvalidAccessKeyId', message: 'The access key id does not exist' };
  if (!date || !region || !service || terminator !== 'aws4_request' || !sig.amzDate.startsWith(date)) {
    return { ok: false, code: 'AuthorizationHeaderMalformed', message: 'Malformed credential scope' };
  }
  const headerNames = sig.signedHeaders.split(';').filter(Boolean);
  if (!headerNames.includes('host')) return { ok: false, code: 'AccessDenied', message: 'The host header must be signed' };
  // S3: every x-amz-* header of the request must be signed, so a holder of a
  // presigned URL cannot add metadata or a website redirect to what is stored.
  const unsigned = Object.keys(req.headers).filter((name) => name.startsWith('x-amz-') && !headerNames.includes(name));
  if (unsigned.length > 0) {
    return { ok: false, code: 'AccessDenied', message: `There were headers present in the request which were not signed: ${unsigned.join(', ')}` };
  }
  const fresh = freshness(sig, now);
  if (!fresh.ok) return fresh;
  const canonicalHeaders = headerNames.map((name) => `${name}:${headerValue(req, name)}\n`).join('');
  const canonicalRequest = [
    req.method,
    rawPath,
    canonicalQuery(params.filter(([key]) => key !== 'X-Amz-Signature')),
    canonicalHeaders,
    sig.signedHeaders,
    sig.payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', sig.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(sig.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided (a signed header such as Content-Type or Content-Length differs)',
    };
  }
  return { ok: true };
}

/** One queue per object key: requests on a key run one at a time. */
class KeyLocks {
  #tails = new Map();

  async run(key, work) {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release;
    const current = new Promise((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

const unquote = (etag) => String(etag ?? '').replace(/"/g, '');

/**
 * The key prefixes a bucket policy lets anyone read: statements that Allow
 * s3:GetObject (or s3:*) to Principal "*" on arn:aws:s3:::<bucket>/<prefix>*.
 * That is the policy MinIO's `mc anonymous set download` and S3's "public
 * read" recipe write; R2 has no bucket policies (its dashboard toggles public
 * access per bucket) and the result is the same: the bucket serves every key.
 */
export function publicReadPrefixes(bucket, policy) {
  const list = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
  const prefixes = [];
  for (const statement of list(policy?.Statement)) {
    if (statement?.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    const anyone = principal === '*' || list(principal?.AWS).includes('*');
    const reads = list(statement.Action).some((action) => ['s3:GetObject', 's3:*', '*'].includes(action));
    if (!anyone || !reads) continue;
    for (const resource of list(statement.Resource)) {
      const prefix = `arn:aws:s3:::${bucket}/`;
      if (typeof resource === 'string' && resource.startsWith(prefix) && resource.endsWith('*')) prefixes.push(resource.slice(prefix.length, -1));
    }
  }
  return prefixes;
}

/** Bucket policies, kept in a file next to the buckets (a file, so s3rver never lists it as a bucket). */
class BucketPolicies {
  #file;
  #policies;

  constructor(directory) {
    this.#file = join(directory, '.bucket-policies.json');
    try {
      this.#policies = JSON.parse(readFileSync(this.#file, 'utf8'));
    } catch {
      this.#policies = {};
    }
  }

  get(bucket) {
    return this.#policies[bucket];
  }

  set(bucket, policy) {
    if (policy === undefined) delete this.#policies[bucket];
    else this.#policies[bucket] = policy;
    writeFileSync(this.#file, JSON.stringify(this.#policies, null, 2));
  }

  anyoneMayRead(bucket, key) {
    return publicReadPrefixes(bucket, this.#policies[bucket]).some((prefix) => key.startsWith(prefix));
  }
}

/** Query parameters that make a GET something other than reading an object's bytes. */
const SUBRESOURCES = new Set([
  'acl',
  'tagging',
  'uploadId',
  'uploads',
  'partNumber',
  'versionId',
  'torrent',
  'retention',
  'legal-hold',
  'attributes',
  'policy',
  'cors',
]);

const readBody = (req) =>
  new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 20_480) reject(new Error('policy too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * Starts the server. Returns its endpoint URL and a close function.
 * Options: host, port (0 picks a free one), directory, credentials, silent,
 * onObjectWrite(bucket, key) called after each successful PutObject (benchmarks count writes with it).
 */
export async function startLocalS3(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const directory = resolve(options.directory ?? join(process.cwd(), '.local', 's3'));
  mkdirSync(directory, { recursive: true });
  const credentials = options.credentials ?? LOCAL_S3_CREDENTIALS;
  if (credentials.accessKeyId !== LOCAL_S3_CREDENTIALS.accessKeyId) {
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  }
  const secrets = new Map([[credentials.accessKeyId, credentials.secretAccessKey]]);
  const s3rver = new S3rver({ directory, silent: options.silent ?? true, vhostBuckets: false });
  const handle = s3rver.callback();
  const locks = new KeyLocks();
  const policies = new BucketPolicies(directory);

  const forward = (req, res) =>
    new Promise((done) => {
      res.once('close', done);
      handle(req, res);
    });

  async function currentEtag(bucket, key) {
    try {
      return unquote((await s3rver.store.getMetadata(bucket, key)).etag);
    } catch {
      return undefined;
    }
  }

  /** If-Match / If-None-Match on PutObject, checked under the key's lock. */
  async function preconditionFails(req, bucket, key) {
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifMatch === undefined && ifNoneMatch === undefined) return false;
    const etag = await currentEtag(bucket, key);
    if (ifNoneMatch !== undefined) return ifNoneMatch.trim() === '*' ? etag !== undefined : etag === unquote(ifNoneMatch);
    return etag === undefined || (ifMatch.trim() !== '*' && etag !== unquote(ifMatch));
  }

  async function abortMultipart(res, bucket, uploadId) {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist');
    const uploadDir = join(s3rver.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const exists = await stat(uploadDir).then(
      () => true,
      () => false,
    );
    if (!exists) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist');
    await rm(uploadDir, { recursive: true, force: true });
    res.writeHead(204);
    res.end();
  }

  /** GET/PUT/DELETE /<bucket>?policy (s3rver answers NotImplemented). */
  async function bucketPolicy(req, res, bucket) {
    if (!(await s3rver.store.getBucket(bucket))) return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (req.method === 'GET') {
      const policy = policies.get(bucket);
      if (!policy) return sendError(res, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
      const body = JSON.stringify(policy);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return res.end(body);
    }
    if (req.method === 'DELETE') {
      policies.set(bucket, undefined);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'PUT') {
      let policy;
      try {
        policy = JSON.parse(await readBody(req));
      } catch {
        return sendError(res, 400, 'MalformedPolicy', 'Policies must be valid JSON');
      }
      policies.set(bucket, policy);
      res.writeHead(204);
      return res.end();
    }
    return sendError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource');
  }

  /** What an unsigned request may do: read an object of a public bucket, nothing else. */
  function anonymousMay(req, bucket, key, query) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!bucket || !key) return false; // listing buckets or a bucket's keys
    for (const name of query.keys()) if (SUBRESOURCES.has(name) || name.startsWith('response-')) return false;
    return policies.anyoneMayRead(bucket, key);
  }

  async function route(req, res) {
    const [rawPath, rawQuery = ''] = req.url.split('?', 2);
    const query = new URLSearchParams(rawQuery);
    if (req.method === 'OPTIONS') return forward(req, res); // CORS preflight: never signed, answered from the bucket's CORS rules
    const [bucket, ...keyParts] = rawPath.slice(1).split('/');
    let key;
    try {
      key = keyParts.map(decodeURIComponent).join('/');
    } catch {
      return sendError(res, 400, 'InvalidURI', 'Could not parse the specified URI');
    }
    const signed = req.headers.authorization !== undefined || query.has('X-Amz-Algorithm') || query.has('Signature');
    if (!signed) {
      if (!anonymousMay(req, bucket, key, query)) {
        req.resume();
        return sendError(res, 403, 'AccessDenied', 'Access Denied');
      }
    } else {
      const verdict = verifySigV4(req, secrets);
      if (!verdict.ok) {
        req.resume();
        return sendError(res, 403, verdict.code, verdict.message);
      }
    }
    if (bucket && !key && query.has('policy')) return bucketPolicy(req, res, bucket);
    if (bucket && !key && req.method === 'DELETE' && rawQuery === '') {
      await forward(req, res);
      if (res.statusCode < 300) policies.set(bucket, undefined);
      return;
    }
    if (!bucket || !key) return forward(req, res);
    if (req.method === 'DELETE' && query.has('uploadId')) return abortMultipart(res, bucket, query.get('uploadId'));
    if (query.has('uploadId') || query.has('uploads')) return forward(req, res); // parts and multipart steps: no key lock needed
    return locks.run(`${bucket}/${key}`, async () => {
      const isPlainPut = req.method === 'PUT' && !query.has('tagging') && req.headers['x-amz-copy-source'] === undefined;
      if (isPlainPut && (await preconditionFails(req, bucket, key))) {
        req.resume();
        return sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      await forward(req, res);
      if (isPlainPut && res.statusCode < 300) options.onObjectWrite?.(bucket, key);
    });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', String(error?.message ?? error));
      else res.destroy();
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9000, host, resolveListen);
  });
  const { port } = server.address();
  return {
    url: `http://${host}:${port}`,
    port,
    directory,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const server = await startLocalS3({
    host: argument('host', '127.0.0.1'),
    port: Number(argument('port', '9000')),
    directory: argument('dir', join(root, '.local', 's3')),
    credentials: {
      accessKeyId: process.env.R2_ACCESS_KEY_ID || LOCAL_S3_CREDENTIALS.accessKeyId,
      secretAccessKey: process.env.R2_SECRET_ACCESS_KEY || LOCAL_S3_CREDENTIALS.secretAccessKey,
    },
  });
  console.log(`[s3] local S3-compatible server on ${server.url} (data in ${server.directory})`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
