import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BucketRole, Place } from '../domain/places.js';

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

export const isNotFound = (error: unknown) => statusOf(error) === 404;

/** The store answered 400 to what we sent on a client's behalf (e.g. a wrong part ETag). */
export const isClientMistake = (error: unknown) => statusOf(error) === 400;

/** What a registered object is served with: set by us, never by the uploader's headers. */
export interface ServedAs {
  contentType: string;
  filename: string;
}

/**
 * The two buckets, through the S3 API. Uploads (single PUT and multipart) always
 * go to the private bucket; registration copies them where they are served.
 * Presigned URLs are signed by `presigner`, whose endpoint is the one clients
 * reach (R2_PRESIGN_ENDPOINT_URL).
 */
export class ObjectStorage {
  constructor(
    private readonly client: S3Client,
    private readonly presigner: S3Client,
    readonly buckets: Record<BucketRole, string>,
    private readonly publicUrlBase: string | undefined,
  ) {}

  /**
   * A PUT URL to the private bucket. It signs Content-Type and Content-Length
   * when they are known, so the store refuses another type or size (403); with
   * seed 001's body (filename only) it signs neither and the plain PUT of the
   * seed works: registration then checks the real size and type.
   */
  presignPut(key: string, signed: { contentType?: string; size?: number }, expiresIn: number): Promise<string> {
    const signable = new Set<string>();
    if (signed.contentType !== undefined) signable.add('content-type');
    if (signed.size !== undefined) signable.add('content-length');
    return getSignedUrl(
      this.presigner,
      new PutObjectCommand({ Bucket: this.buckets.private, Key: key, ContentType: signed.contentType, ContentLength: signed.size }),
      { expiresIn, signableHeaders: signable },
    );
  }

  /** A GET URL that downloads as an attachment named after the file. */
  presignGet(place: Place, filename: string, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new GetObjectCommand({
        Bucket: this.buckets[place.bucket],
        Key: place.key,
        ResponseContentDisposition: `attachment; filename="${filename.replace(/"/g, '')}"`,
      }),
      { expiresIn },
    );
  }

  publicUrl(key: string): string | undefined {
    return this.publicUrlBase ? `${this.publicUrlBase.replace(/\/+$/, '')}/${key}` : undefined;
  }

  async head(place: Place): Promise<{ size: number; contentType: string } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.buckets[place.bucket], Key: place.key }));
      return { size: head.ContentLength ?? 0, contentType: (head.ContentType ?? '').toLowerCase() };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async bytes(place: Place): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.buckets[place.bucket], Key: place.key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  /** Deleting a missing key succeeds: deletes are idempotent. */
  async delete(place: Place): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.buckets[place.bucket], Key: place.key }));
  }

  /**
   * Registers an upload: a server-side copy from the staging key to the
   * object's place with metadata REPLACED by ours (type, cache policy, a
   * download name), so nothing the uploader sent along (Content-Disposition,
   * Cache-Control, x-amz-meta-*, a website redirect) is ever served. Then the
   * staging copy goes.
   */
  async register(from: Place, to: Place, servedAs: ServedAs): Promise<void> {
    const source = this.buckets[from.bucket];
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.buckets[to.bucket],
        Key: to.key,
        CopySource: `${source}/${from.key.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'REPLACE',
        ContentType: servedAs.contentType,
        CacheControl: to.bucket === 'public' ? 'public, max-age=3600' : 'private, no-cache',
        ContentDisposition: to.bucket === 'private' ? `attachment; filename="${servedAs.filename.replace(/"/g, '')}"` : undefined,
        Metadata: {},
      }),
    );
    if (from.bucket !== to.bucket || from.key !== to.key) await this.delete(from);
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    const result = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.buckets.private, Key: key, ContentType: contentType }));
    if (!result.UploadId) throw new Error('the store returned no UploadId');
    return result.UploadId;
  }

  /** A part URL whose signature covers the part's exact Content-Length. */
  presignPart(key: string, uploadId: string, partNumber: number, size: number, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new UploadPartCommand({ Bucket: this.buckets.private, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: size }),
      { expiresIn, signableHeaders: new Set(['content-length']) },
    );
  }

  async completeMultipart(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.buckets.private,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
  }

  /** Aborting an upload that is already gone succeeds. */
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.buckets.private, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
