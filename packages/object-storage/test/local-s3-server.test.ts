import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { repoRoot } from '@platform/testkit';
import { publicReadPolicy } from '@platform/testkit/s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface LocalS3 {
  url: string;
  close(): Promise<void>;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const clientFor = (endpoint: string, options: { secret?: string; clockOffsetMs?: number } = {}) =>
  new S3Client({
    region: 'auto',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: options.secret ?? credentials.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    systemClockOffset: options.clockOffsetMs ?? 0,
  });

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const codeOf = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

/**
 * infra/local/s3-server.mjs behaves like R2 for access: no anonymous listing,
 * anonymous GET only on the public bucket, a valid SigV4 signature (header or
 * presigned, not expired) for everything else, and no unsigned x-amz-* header.
 */
describe('the local S3 server: access as on R2', () => {
  let server: LocalS3;
  let s3: S3Client;
  const PUBLIC = 'assets-public';
  const PRIVATE = 'assets-private';

  beforeAll(async () => {
    const { startLocalS3 } = (await import(pathToFileURL(`${repoRoot}infra/local/s3-server.mjs`).href)) as {
      startLocalS3(options: object): Promise<LocalS3>;
    };
    server = await startLocalS3({ port: 0, directory: mkdtempSync(join(tmpdir(), 'local-s3-test-')), credentials });
    s3 = clientFor(server.url);
    await s3.send(new CreateBucketCommand({ Bucket: PUBLIC }));
    await s3.send(new CreateBucketCommand({ Bucket: PRIVATE }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: PUBLIC, Policy: JSON.stringify(publicReadPolicy(PUBLIC)) }));
    for (const Bucket of [PUBLIC, PRIVATE]) {
      await s3.send(new PutObjectCommand({ Bucket, Key: 'models/a/model.glb', Body: 'glb bytes', ContentType: 'model/gltf-binary' }));
    }
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
  });

  it('lists nothing to anyone anonymous: not the buckets, not the keys of the public or the private bucket', async () => {
    for (const path of ['/', `/${PUBLIC}`, `/${PUBLIC}?list-type=2`, `/${PRIVATE}?list-type=2`, `/${PRIVATE}/`, `/${PUBLIC}?uploads`]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(403);
      expect(await codeOf(res), path).toBe('AccessDenied');
    }
    // Signed, listing works.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: PRIVATE }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['models/a/model.glb']);
  });

  it('serves anonymous GET and HEAD only from the bucket made public', async () => {
    const open = await fetch(`${server.url}/${PUBLIC}/models/a/model.glb`);
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('glb bytes');
    expect((await fetch(`${server.url}/${PUBLIC}/models/a/model.glb`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${server.url}/${PUBLIC}/models/a/model.glb?v=2`)).status).toBe(200); // a cache buster is still a plain read

    const closed = await fetch(`${server.url}/${PRIVATE}/models/a/model.glb`);
    expect(closed.status).toBe(403);
    expect(await codeOf(closed)).toBe('AccessDenied');
    expect((await fetch(`${server.url}/${PRIVATE}/models/a/model.glb`, { method: 'HEAD' })).status).toBe(403);
    // A missing key of a private bucket is 403 too: nothing tells an outsider what exists.
    expect((await fetch(`${server.url}/${PRIVATE}/nope`)).status).toBe(403);
  });

  it('refuses anonymous writes, deletes and sub-resources, even on the public bucket', async () => {
    const key = `${server.url}/${PUBLIC}/models/a/model.glb`;
    expect((await fetch(key, { method: 'PUT', body: 'replaced' })).status).toBe(403);
    expect((await fetch(key, { method: 'DELETE' })).status).toBe(403);
    expect((await fetch(`${server.url}/${PUBLIC}/new.txt`, { method: 'POST', body: 'x' })).status).toBe(403);
    expect((await fetch(`${key}?acl`)).status).toBe(403);
    expect((await fetch(`${key}?response-content-type=text/html`)).status).toBe(403);
    expect((await fetch(`${server.url}/${PUBLIC}?policy`)).status).toBe(403);
    expect(await (await fetch(key)).text()).toBe('glb bytes');
  });

  it('makes a bucket public through its policy, and private again when the policy goes', async () => {
    const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: PUBLIC }));
    expect(JSON.parse(policy.Policy!)).toEqual(publicReadPolicy(PUBLIC));
    await s3.send(new PutBucketPolicyCommand({ Bucket: PRIVATE, Policy: JSON.stringify(publicReadPolicy(PRIVATE)) }));
    expect((await fetch(`${server.url}/${PRIVATE}/models/a/model.glb`)).status).toBe(200);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: PRIVATE }));
    expect((await fetch(`${server.url}/${PRIVATE}/models/a/model.glb`)).status).toBe(403);
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: PRIVATE }))).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
  });

  it('verifies header signatures for real: a wrong secret or a tampered request is refused with 403', async () => {
    const forger = clientFor(server.url, { secret: 'not-the-secret' });
    try {
      await expect(forger.send(new GetObjectCommand({ Bucket: PRIVATE, Key: 'models/a/model.glb' }))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
      await expect(forger.send(new PutObjectCommand({ Bucket: PUBLIC, Key: 'models/a/model.glb', Body: 'evil' }))).rejects.toSatisfy(
        (error) => statusOf(error) === 403,
      );
    } finally {
      forger.destroy();
    }
    // A presigned URL whose signature was altered by one character.
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: PRIVATE, Key: 'models/a/model.glb' }), { expiresIn: 60 });
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('SignatureDoesNotMatch');
    // Another key than the one signed.
    expect((await fetch(url.replace('model.glb', 'model_low.glb'))).status).toBe(403);
    expect(await (await fetch(url)).text()).toBe('glb bytes');
  });

  it('refuses a header-signed request whose clock is more than 15 minutes off (RequestTimeTooSkewed)', async () => {
    // The SDK corrects its clock from the answer's Date header afterwards: one request per client.
    const late = clientFor(server.url, { clockOffsetMs: -20 * 60_000 });
    try {
      await expect(late.send(new GetObjectCommand({ Bucket: PRIVATE, Key: 'models/a/model.glb' }))).rejects.toMatchObject({
        name: 'RequestTimeTooSkewed',
      });
    } finally {
      late.destroy();
    }
  });

  it('refuses a presigned URL once it has expired', async () => {
    const signedAnHourAgo = await getSignedUrl(s3, new GetObjectCommand({ Bucket: PRIVATE, Key: 'models/a/model.glb' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
    });
    const res = await fetch(signedAnHourAgo);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
    const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: PRIVATE, Key: 'late.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    expect((await fetch(put, { method: 'PUT', body: 'late' })).status).toBe(403);
  });

  it('refuses x-amz-* headers that a presigned PUT did not sign (metadata, website redirect), as S3 does', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: PRIVATE, Key: 'pending/x/photo.png', ContentType: 'image/png' }), {
      expiresIn: 60,
      signableHeaders: new Set(['content-type']),
    });
    for (const header of ['x-amz-meta-owner', 'x-amz-website-redirect-location', 'x-amz-acl']) {
      const res = await fetch(url, { method: 'PUT', body: 'png', headers: { 'content-type': 'image/png', [header]: '/evil' } });
      expect(res.status, header).toBe(403);
      expect(await res.text(), header).toContain('not signed');
    }
    await expect(s3.send(new HeadObjectCommand({ Bucket: PRIVATE, Key: 'pending/x/photo.png' }))).rejects.toSatisfy((error) => statusOf(error) === 404);
    // Plain headers are stored as S3 stores them; the platform's registration copy replaces them (storage service).
    const ok = await fetch(url, { method: 'PUT', body: 'png', headers: { 'content-type': 'image/png', 'content-disposition': 'inline' } });
    expect(ok.status).toBe(200);
  });
});
