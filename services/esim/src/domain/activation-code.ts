import { randomInt } from 'node:crypto';

/**
 * GSMA SGP.22 activation code, the text of an eSIM's QR code:
 * `LPA:1$<SM-DP+ address>$<matching id>`. The phone reads it, contacts the
 * SM-DP+ server and downloads the profile the matching id names.
 */
export function formatActivationCode(smdpAddress: string, matchingId: string): string {
  if (smdpAddress.includes('$') || matchingId.includes('$')) throw new Error('SM-DP+ address and matching id must not contain $');
  return `LPA:1$${smdpAddress}$${matchingId}`;
}

export function parseActivationCode(code: string): { smdpAddress: string; matchingId: string } | undefined {
  const match = /^LPA:1\$([^$]+)\$([^$]+)$/.exec(code);
  return match ? { smdpAddress: match[1], matchingId: match[2] } : undefined;
}

const MATCHING_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A matching id like "K7QX2-M9PLA-4TRWZ-C8HDN": 20 characters from a
 * 32-symbol alphabet (100 bits), unguessable, since with the SM-DP+ address
 * it is all it takes to download the profile.
 */
export function generateMatchingId(random: (max: number) => number = randomInt): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => MATCHING_ID_ALPHABET[random(MATCHING_ID_ALPHABET.length)]).join(''));
  return groups.join('-');
}
