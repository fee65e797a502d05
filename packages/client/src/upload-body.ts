/** What can be uploaded, in browsers (File from an <input>, Blob) and in Node (Uint8Array/Buffer, ArrayBuffer, Blob). */
export type UploadBody = Blob | Uint8Array | ArrayBuffer;

export function byteSizeOf(body: UploadBody): number {
  return body instanceof Blob ? body.size : body.byteLength;
}

/** A File's own name and a Blob's own type, when the caller gives none. */
export function fileNameOf(body: UploadBody): string | undefined {
  return typeof File !== 'undefined' && body instanceof File && body.name ? body.name : undefined;
}

export function contentTypeOf(body: UploadBody): string | undefined {
  return body instanceof Blob && body.type ? body.type : undefined;
}

/** Bytes [start, end) without copying them. */
export function sliceOf(body: UploadBody, start: number, end: number): Blob | Uint8Array {
  if (body instanceof Blob) return body.slice(start, end);
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  return bytes.subarray(start, end);
}
