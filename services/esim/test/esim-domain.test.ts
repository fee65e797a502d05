import { describe, expect, it } from 'vitest';
import { formatActivationCode, generateMatchingId, parseActivationCode } from '../src/domain/activation-code.js';
import { DevEsimProvider } from '../src/clients/esim-provider.js';
import { generateIccid, isValidIccid, luhnCheckDigit } from '../src/domain/iccid.js';
import { esimStatus } from '../src/domain/views.js';

describe('eSIM domain', () => {
  it('computes Luhn check digits like the card and SIM industry does', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example: 79927398713
    expect(luhnCheckDigit('8901410321111851072')).toBe(0);
    expect(isValidIccid('89014103211118510720')).toBe(true);
    expect(isValidIccid('89014103211118510721')).toBe(false);
    expect(isValidIccid('79927398713')).toBe(false);
  });

  it('generates 19-digit ICCIDs under 89 with a valid check digit, and different ones each time', () => {
    const iccids = Array.from({ length: 200 }, () => generateIccid());
    for (const iccid of iccids) {
      expect(iccid).toMatch(/^893301\d{13}$/);
      expect(isValidIccid(iccid)).toBe(true);
    }
    expect(new Set(iccids).size).toBe(200);
    expect(() => generateIccid('12345')).toThrow();
  });

  it('writes the GSMA activation code LPA:1$<smdp>$<matchingId> and reads it back', () => {
    const matchingId = generateMatchingId();
    expect(matchingId).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const code = formatActivationCode('smdp.example.com', matchingId);
    expect(code).toBe(`LPA:1$smdp.example.com$${matchingId}`);
    expect(parseActivationCode(code)).toEqual({ smdpAddress: 'smdp.example.com', matchingId });
    expect(parseActivationCode('LPA:2$a$b')).toBeUndefined();
    expect(() => formatActivationCode('bad$host', 'x')).toThrow();
  });

  it('issues development profiles on the configured SM-DP+ host', async () => {
    const profile = await new DevEsimProvider({ smdpHost: 'smdp.test.local' }).issueProfile();
    expect(isValidIccid(profile.iccid)).toBe(true);
    expect(profile.activationCode).toBe(`LPA:1$smdp.test.local$${profile.matchingId}`);
    expect(profile.smdpAddress).toBe('smdp.test.local');
  });

  it('derives the status from the payment and the expiry', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    expect(esimStatus('confirmed', new Date('2026-01-11T00:00:00Z'), now)).toBe('active');
    expect(esimStatus('confirmed', new Date('2026-01-09T00:00:00Z'), now)).toBe('expired');
    expect(esimStatus('pending', null, now)).toBe('pending');
    expect(esimStatus('refunded', null, now)).toBe('refunded');
  });
});
