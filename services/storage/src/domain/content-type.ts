import { DomainError } from '@platform/contracts';
import mime from 'mime-types';

/**
 * Where the media types database disagrees with what players and CDNs expect
 * (mime-db maps .mp4 to application/mp4), and the seed's splat.ply.
 */
const OVERRIDES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  ply: 'application/octet-stream',
};

/**
 * The content type of a file from its extension, for seed 001's body
 * (`{filename}` only). The allowlist still applies to what this returns.
 */
export function inferContentType(filename: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const type = extension ? (OVERRIDES[extension] ?? mime.lookup(extension)) : false;
  if (!type) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `contentType: cannot be inferred from ${JSON.stringify(filename.slice(-40))}; send contentType`, {
      field: 'contentType',
    });
  }
  return type;
}

/** MIME type without parameters, lowercased ("Video/MP4; codecs=x" -> "video/mp4"). */
export const essence = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

/** What a PUT without a Content-Type header is stored as (S3: binary/octet-stream). */
export const isGenericType = (contentType: string) => ['', 'binary/octet-stream', 'application/octet-stream'].includes(essence(contentType));
