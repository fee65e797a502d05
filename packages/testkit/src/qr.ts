import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose typings declare an ES default export; at run time the import is the function itself, with .default as well.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof import('jsqr').default;

/** Reads the text of a QR code PNG (bytes, base64, or a data: URL), as a phone's camera would; throws when there is none. */
export function decodeQrPng(png: Buffer | string): string {
  const bytes = typeof png === 'string' ? Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64') : png;
  const image = PNG.sync.read(bytes);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  if (!code) throw new Error('no QR code found in the PNG');
  return code.data;
}

/** GETs raw bytes with an Accept header (routes with a binary variant answer with the bytes themselves). */
export async function fetchBytes(
  url: string,
  options: { token?: string; accept: string },
): Promise<{ status: number; contentType: string | null; body: Buffer }> {
  const headers: Record<string, string> = { accept: options.accept };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(url, { headers });
  return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}
