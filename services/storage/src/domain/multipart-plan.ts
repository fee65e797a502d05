import { DomainError } from '@platform/contracts';

/** S3 and R2 accept at most 10,000 parts. */
export const MAX_PARTS = 10_000;

export interface PartPlan {
  partSize: number;
  partCount: number;
}

/**
 * Cuts `size` bytes into equal parts (the last one shorter), as R2 requires.
 * The part size grows when `size` would need more than 10,000 parts.
 */
export function planParts(size: number, requestedPartSize: number): PartPlan {
  const partSize = Math.max(requestedPartSize, Math.ceil(size / MAX_PARTS));
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Exact byte length of part `partNumber` (1-based): presigned part URLs sign it. */
export function partLength(size: number, plan: PartPlan, partNumber: number): number {
  if (partNumber < 1 || partNumber > plan.partCount) {
    throw new DomainError('VALIDATION_FAILED', `part_numbers: ${partNumber} is outside 1..${plan.partCount}`, { field: 'part_numbers' });
  }
  return partNumber < plan.partCount ? plan.partSize : size - plan.partSize * (plan.partCount - 1);
}

/** The parts listed at completion must be exactly 1..partCount. */
export function checkCompleteParts(plan: PartPlan, partNumbers: readonly number[]): void {
  const sorted = [...partNumbers].sort((a, b) => a - b);
  const complete = sorted.length === plan.partCount && sorted.every((n, i) => n === i + 1);
  if (!complete) {
    throw new DomainError('VALIDATION_FAILED', `parts: must list each part 1..${plan.partCount} exactly once`, { field: 'parts' });
  }
}
