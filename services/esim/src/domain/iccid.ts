import { randomInt } from 'node:crypto';

/**
 * ICCIDs (ITU-T E.118): "89" (telecom), a country code, an issuer id, an
 * account number and a Luhn check digit; 19 or 20 digits in all.
 */

/** The Luhn check digit of a digit string (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right of the payload (the check digit will be rightmost).
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidIccid(iccid: string): boolean {
  return /^89\d{17,18}$/.test(iccid) && luhnCheckDigit(iccid.slice(0, -1)) === Number(iccid.slice(-1));
}

/** A 19-digit ICCID under an issuer prefix (default 89 33 01: telecom, France, issuer 01) with random account digits. */
export function generateIccid(issuerPrefix = '893301', random: (max: number) => number = randomInt): string {
  if (!/^89\d{2,6}$/.test(issuerPrefix)) throw new Error(`ICCID issuer prefix must be 89 followed by 2-6 digits, got ${issuerPrefix}`);
  let payload = issuerPrefix;
  while (payload.length < 18) payload += String(random(10));
  return payload + String(luhnCheckDigit(payload));
}
