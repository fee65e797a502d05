import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
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

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

export const isNotFound = (error: unknown) => statusOf(error) === 404;

/** The store answered 400 to what we sent on a client's behalf (e.g. a wrong part ETag). */
export const isClientMistake = (error: unknown) => statusOf(error) === 400;

/**
 * The bucket, through the S3 API. Presigned URLs are signed by `presigner`,
 * whose endpoint is the one clients reach (R2_PRESIGN_ENDPOINT_URL).
 */
export class ObjectStorage {
  constructor(
    private readonly client: S3Client,
    private readonly presigner: S3Client,
    readonly bucket: string,
    private readonly publicUrlBase: string | undefined,
  ) {}

  /**
   * A PUT URL whose signature covers Content-Type and Content-Length: the store
   * refuses an upload of another type or size (403 SignatureDoesNotMatch).
   */
  presignPut(key: string, contentType: string, size: number, expiresIn: number): Promise<string> {
    return getSignedUrl(this.presigner, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }), {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
  }

  presignGet(key: string, filename: string, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${filename.replace(/"/g, '')}"` }),
      { expiresIn },
    );
  }

  publicUrl(key: string): string | undefined {
    return this.publicUrlBase ? `${this.publicUrlBase.replace(/\/+$/, '')}/${key}` : undefined;
  }

  async head(key: string): Promise<{ size: number; contentType: string } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: (head.ContentType ?? '').toLowerCase() };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async bytes(key: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  /** Deleting a missing key succeeds: deletes are idempotent. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async createMultipart(key: string, contentType: string): Promise<string> {
    const result = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    if (!result.UploadId) throw new Error('the store returned no UploadId');
    return result.UploadId;
  }

  /** A part URL whose signature covers the part's exact Content-Length. */
  presignPart(key: string, uploadId: string, partNumber: number, size: number, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: size }),
      { expiresIn, signableHeaders: new Set(['content-length']) },
    );
  }

  async completeMultipart(key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
  }

  /** Aborting an upload that is already gone succeeds. */
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
