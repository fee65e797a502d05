import { ApiError, networkError } from './errors.js';

/**
 * Headers a browser sets itself and refuses from scripts; fetch computes
 * Content-Length from the body, and that is the value the URL was signed with.
 */
const SET_BY_FETCH = new Set(['content-length', 'host']);

/**
 * PUTs bytes to a presigned object-store URL with exactly the headers it was
 * signed with, and returns the object's ETag (multipart parts need it; in a
 * browser the bucket's CORS policy must expose it).
 */
export async function putPresigned(fetchImpl: typeof fetch, url: string, headers: Record<string, string>, body: Blob | Uint8Array): Promise<string | null> {
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => !SET_BY_FETCH.has(name.toLowerCase())));
  const response = await fetchImpl(url, { method: 'PUT', headers: sent, body: body as BodyInit }).catch((error: Error) => {
    throw networkError(new URL(url).origin, error);
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new ApiError(response.status, 'UPLOAD_FAILED', `The object store refused the upload (HTTP ${response.status})`, { body: text });
  }
  return response.headers.get('etag');
}
