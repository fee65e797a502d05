import { createHash } from 'node:crypto';
import fc from 'fast-check';

/**
 * Runs per property and the seed, from the environment so a failure replays:
 * FUZZ_SEED (and FUZZ_PATH, printed with a failure, to go straight to the
 * failing case). FUZZ_RUNS trades time for depth.
 */
export const fuzzSettings = {
  numRuns: Number(process.env.FUZZ_RUNS ?? 50),
  seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31),
  path: process.env.FUZZ_PATH,
};

/**
 * Each property draws from its own seed, derived from FUZZ_SEED and its name:
 * with one shared seed every operation would start with the same choices.
 */
const seedOf = (name: string) => (fuzzSettings.seed + createHash('sha256').update(name).digest().readInt32BE(0)) | 0;

/**
 * Checks an async property with the suite's settings. Against a real
 * platform each shrinking step is a request, and the counterexample can be a
 * megabyte string, so the run stops at the first failure and reports the
 * property's own (clipped) description with what replays it.
 */
export async function checkProperty<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns = fuzzSettings.numRuns,
): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    numRuns,
    seed: seedOf(name),
    path: fuzzSettings.path,
    endOnFailure: true,
  });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${name} failed after ${details.numRuns} run(s): ${cause}\n` +
      `replay: FUZZ_SEED=${fuzzSettings.seed} FUZZ_PATH=${details.counterexamplePath} pnpm test:hostile -t '${name}'`,
  );
}
