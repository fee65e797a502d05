import type { z } from 'zod';

export interface ValidationProblem {
  field: string;
  message: string;
}

function pathToField(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/**
 * Turns a zod error into one readable sentence that names the field, e.g.
 * "amount: must have at most 2 decimals". The first issue is enough for a client to act on.
 */
export function describeValidationError(error: z.ZodError, root = 'body'): ValidationProblem {
  const issue = error.issues[0];
  if (!issue) return { field: root, message: `${root}: invalid` };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = pathToField([...issue.path, key]);
    return { field, message: `${field}: unknown field` };
  }
  if (issue.path.length === 0) {
    const expectsObject = issue.code === 'invalid_type' && issue.expected === 'object';
    return { field: root, message: expectsObject ? `${root}: must be a JSON object` : `${root}: ${issue.message}` };
  }
  const field = pathToField(issue.path);
  const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
  return { field, message: `${field}: ${missing ? 'is required' : issue.message}` };
}
