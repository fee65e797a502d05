import { describe, expect, it } from 'vitest';
import { newObjectIdHex } from '../src/domain/object-id.js';

describe('booking ids (MongoDB ObjectIds generated without the driver)', () => {
  it('are 24 lowercase hex characters that start with the creation time in seconds', () => {
    const at = Date.UTC(2024, 1, 6, 10, 0, 0);
    const id = newObjectIdHex(at);
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(Number.parseInt(id.slice(0, 8), 16)).toBe(at / 1000);
  });

  it('differ within one second: same process part, the counter moves on', () => {
    const at = Date.now();
    const ids = Array.from({ length: 1000 }, () => newObjectIdHex(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(8, 18))).size).toBe(1);
    const counters = ids.map((id) => Number.parseInt(id.slice(18), 16));
    for (let i = 1; i < counters.length; i++) expect(counters[i]).toBe((counters[i - 1] + 1) % 0x1000000);
  });
});
