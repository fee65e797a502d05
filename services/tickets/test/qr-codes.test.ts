import { decodeQrPng } from '@platform/testkit/qr';
import { describe, expect, it } from 'vitest';
import { QrCodes } from '../src/domain/qr-image.js';

const token = (n: number) => `eyJ2IjoxLCJ0aWQiOiJ0aWNrZXQtJHtufSJ9.${String(n).repeat(40)}.c2lnbmF0dXJl${'A'.repeat(60)}`;

describe('QR codes by token (rendered once, then from memory)', () => {
  it('renders a token once and serves the same code again from memory', async () => {
    const served: string[] = [];
    const codes = new QrCodes({ onServed: (source) => served.push(source) });
    const first = await codes.png(token(1));
    const again = await codes.png(token(1));
    expect(again.equals(first)).toBe(true);
    expect(decodeQrPng(again)).toBe(token(1));
    const other = await codes.png(token(2));
    expect(decodeQrPng(other)).toBe(token(2));
    expect(served).toEqual(['rendered', 'cache', 'rendered']);
  });

  it('holds at most its size in bytes, least recently used out first', async () => {
    const served: string[] = [];
    const one = (await new QrCodes().png(token(3))).length;
    // Room for one code and a half: the second evicts the first.
    const codes = new QrCodes({ maxBytes: Math.floor(one * 1.5), onServed: (source) => served.push(source) });
    await codes.png(token(3));
    await codes.png(token(4));
    await codes.png(token(4));
    await codes.png(token(3));
    expect(served).toEqual(['rendered', 'rendered', 'cache', 'rendered']);
  });
});
