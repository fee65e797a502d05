import { LRUCache } from 'lru-cache';
import QRCode from 'qrcode';

/**
 * The QR code of a ticket token as a PNG. Error correction M (15 %) survives
 * a cracked phone screen; 4 pixels per module and a 4-module quiet zone (the
 * standard's minimum) keep gate scanners reliable at arm's length.
 *
 * A fan opening the ticket at the gate costs this once per fetch, so it is
 * kept cheap (about 24 → 13 ms of CPU per code on our machines): the token
 * (base64url and dots) goes as one byte-mode segment, which is what qrcode's
 * segment search settles on for it anyway, without the search; and the PNG is
 * 8-bit grey with the "up" filter on every row, where the default RGBA with a
 * filter tried per row spent most of the time choosing filters and wrote
 * twice the bytes. Scanners see the same black and white modules.
 */
export async function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer([{ data: Buffer.from(token), mode: 'byte' }], {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 4,
    rendererOpts: { colorType: 0, filterType: 2 } as QRCode.QRCodeToBufferOptions['rendererOpts'],
  });
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** About 2,000 codes of 3.7 KB: the fans of one gate queue, without weighing on an idle instance. */
const DEFAULT_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * QR codes by token. A ticket's token is the same on every fetch (Ed25519
 * signatures are deterministic; a key rotation makes a new token, so a new
 * entry), and fans open the same ticket again and again while they queue at
 * the gate: each code is rendered once, then served from memory. Bounded in
 * bytes, least recently used out first.
 */
export class QrCodes {
  private readonly cache: LRUCache<string, Buffer>;
  private readonly onServed?: (source: 'rendered' | 'cache') => void;

  /** `onServed` is told where each code came from (the tickets_qr_codes_total metric). */
  constructor(options: { maxBytes?: number; onServed?: (source: 'rendered' | 'cache') => void } = {}) {
    this.cache = new LRUCache({ maxSize: options.maxBytes ?? DEFAULT_CACHE_BYTES, sizeCalculation: (png) => png.length });
    this.onServed = options.onServed;
  }

  async png(token: string): Promise<Buffer> {
    const known = this.cache.get(token);
    if (known) {
      this.onServed?.('cache');
      return known;
    }
    const png = await qrPng(token);
    this.cache.set(token, png);
    this.onServed?.('rendered');
    return png;
  }
}
