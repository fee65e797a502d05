import QRCode from 'qrcode';

/**
 * The QR code of a ticket token as a PNG. Error correction M (15 %) survives
 * a cracked phone screen; 4 pixels per module and a 4-module quiet zone (the
 * standard's minimum) keep gate scanners reliable at arm's length.
 */
export async function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
