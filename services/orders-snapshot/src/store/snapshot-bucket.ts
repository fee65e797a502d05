import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ordersSnapshot } from '@platform/contracts';
import type { SnapshotDocument } from '../domain/snapshot-document.js';

/** The object changed since we last wrote it (If-Match / If-None-Match refused the write). */
export class SnapshotPreconditionFailed extends Error {
  constructor(readonly key: string) {
    super(`the object ${key} is not the one last written by this service`);
    this.name = 'SnapshotPreconditionFailed';
  }
}

export type WritePrecondition = { ifMatch: string } | { ifNoneMatch: '*' } | undefined;

const VERSION_METADATA = 'snapshot-version';

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);
const isMissing = (error: unknown) => error instanceof NotFound || error instanceof NoSuchKey || statusOf(error) === 404;

/**
 * orders/<event_id>/pending_orders.json in the PRIVATE bucket (names, emails,
 * phones: never where the CDN serves), written as seed 000 writes it.
 */
export class SnapshotBucket {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    /** Signs URLs with the endpoint clients reach (R2_PRESIGN_ENDPOINT_URL). */
    private readonly presigner: S3Client = client,
  ) {}

  /** Writes one snapshot version; returns the new ETag. */
  async write(eventId: string, body: string, version: number, precondition: WritePrecondition): Promise<string | null> {
    const key = ordersSnapshot.snapshotObjectKey(eventId);
    try {
      const result = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          CacheControl: 'no-cache',
          Metadata: { [VERSION_METADATA]: String(version) },
          ...(precondition && 'ifMatch' in precondition ? { IfMatch: precondition.ifMatch } : {}),
          ...(precondition && 'ifNoneMatch' in precondition ? { IfNoneMatch: precondition.ifNoneMatch } : {}),
        }),
      );
      return result.ETag ?? null;
    } catch (error) {
      // 412 is the answer to a stale If-Match; S3 answers 404 when If-Match names a deleted object.
      if (precondition && (statusOf(error) === 412 || statusOf(error) === 404)) throw new SnapshotPreconditionFailed(key);
      throw error;
    }
  }

  /** The object as it is now: its ETag and snapshot version, or undefined when there is none. */
  async current(eventId: string): Promise<{ etag: string; version: number } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: ordersSnapshot.snapshotObjectKey(eventId) }));
      return { etag: head.ETag ?? '', version: Number(head.Metadata?.[VERSION_METADATA] ?? 0) || 0 };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey || statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** The object's size in bytes, or undefined when there is none. */
  async size(eventId: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: ordersSnapshot.snapshotObjectKey(eventId) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** A GET URL of the object valid for `expiresIn` seconds (for snapshots too large to answer inline). */
  presignGet(eventId: string, expiresIn: number): Promise<string> {
    return getSignedUrl(this.presigner, new GetObjectCommand({ Bucket: this.bucket, Key: ordersSnapshot.snapshotObjectKey(eventId) }), { expiresIn });
  }

  async read(eventId: string): Promise<SnapshotDocument | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: ordersSnapshot.snapshotObjectKey(eventId) }));
      return JSON.parse(await object.Body!.transformToString('utf8')) as SnapshotDocument;
    } catch (error) {
      if (error instanceof NoSuchKey || statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

/** One object of a bucket as found: its body and ETag. */
export interface FoundObject {
  body: string;
  etag: string | null;
}

/** Reads and deletes whole objects of one bucket (the legacy places a seed snapshot may sit). */
export class BucketObjects {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async read(key: string): Promise<FoundObject | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: await object.Body!.transformToString('utf8'), etag: object.ETag ?? null };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
