import { describe, expect, it } from 'vitest';
import { IDLE_CPU_SHARE, worthCollecting, YOUNG_GENERATION_FLOOR_BYTES } from '../src/idle-memory.js';

const MB = 1024 * 1024;

describe('giving memory back when idle', () => {
  const grown = 32 * MB; // V8's young generation after start-up or a burst
  const quiet = { cpuMs: 50, elapsedMs: 10_000 }; // 0.5 % of a core, as an idle service measures

  it('collects when the service is quiet and its young generation has grown', () => {
    expect(worthCollecting({ ...quiet, youngGenerationBytes: grown })).toBe(true);
  });

  it('leaves a busy service alone, however large its young generation', () => {
    expect(worthCollecting({ cpuMs: 10_000 * IDLE_CPU_SHARE, elapsedMs: 10_000, youngGenerationBytes: grown })).toBe(false);
    expect(worthCollecting({ cpuMs: 4_000, elapsedMs: 10_000, youngGenerationBytes: grown })).toBe(false);
  });

  it('does nothing when the young generation is already at its floor', () => {
    expect(worthCollecting({ ...quiet, youngGenerationBytes: 2 * MB })).toBe(false);
    expect(worthCollecting({ ...quiet, youngGenerationBytes: YOUNG_GENERATION_FLOOR_BYTES })).toBe(false);
  });
});
