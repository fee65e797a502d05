import { describe, expect, it } from 'vitest';
import { randomObjectIdHex } from '../src/domain/object-id.js';

describe('booking ids (ObjectId-shaped, from the CSPRNG)', () => {
  it('are 24 lowercase hex characters', () => {
    expect(randomObjectIdHex()).toMatch(/^[0-9a-f]{24}$/);
  });

  it('share nothing predictable: ids made one after the other differ in every part', () => {
    const ids = Array.from({ length: 1000 }, () => randomObjectIdHex());
    expect(new Set(ids).size).toBe(ids.length);
    // A driver ObjectId keeps its 4 time bytes and 5 process bytes across these; random ids do not.
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBeGreaterThan(990);
    expect(new Set(ids.map((id) => id.slice(8, 18))).size).toBeGreaterThan(990);
    // Each hex digit position takes many values, as uniform bytes would.
    for (let position = 0; position < 24; position++) expect(new Set(ids.map((id) => id[position])).size, `position ${position}`).toBeGreaterThan(12);
  });
});
