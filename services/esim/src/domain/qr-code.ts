import QRCode from 'qrcode';

/** The QR code of an activation code: PNG bytes as base64, and as a data: URL for an <img src>. */
export async function renderQrCode(text: string): Promise<{ png: string; dataUrl: string }> {
  // Error correction M survives a scratched or glared screen; margin 4 is the quiet zone the standard asks for.
  const png = (await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 })).toString('base64');
  return { png, dataUrl: `data:image/png;base64,${png}` };
}
