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
 * "amount: must have at most 2 decimals": the first issue, for the message.
 */
export function describeValidationError(error: z.ZodError, root = 'body'): ValidationProblem {
  return describeValidationErrors(error, root)[0]!;
}

/**
 * Every offending field of a zod error, each once (its first issue), in the
 * order zod found them: a form can mark them all at once (error.fields).
 */
export function describeValidationErrors(error: z.ZodError, root = 'body'): ValidationProblem[] {
  const problems = new Map<string, ValidationProblem>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = pathToField([...issue.path, key]);
        if (!problems.has(field)) problems.set(field, { field, message: `${field}: unknown field` });
      }
      continue;
    }
    const problem = describeIssue(issue, root);
    if (!problems.has(problem.field)) problems.set(problem.field, problem);
  }
  return problems.size > 0 ? [...problems.values()] : [{ field: root, message: `${root}: invalid` }];
}

/** The zod error as the DomainError options every layer throws it with: the first field, and all of them. */
export function validationErrorOptions(error: z.ZodError, root = 'body'): { message: string; field: string; fields: ValidationProblem[] } {
  const fields = describeValidationErrors(error, root);
  return { message: fields[0]!.message, field: fields[0]!.field, fields };
}

function describeIssue(issue: z.ZodError['issues'][number], root: string): ValidationProblem {
  if (issue.path.length === 0) {
    const expectsObject = issue.code === 'invalid_type' && issue.expected === 'object';
    return { field: root, message: expectsObject ? `${root}: must be a JSON object` : `${root}: ${issue.message}` };
  }
  const field = pathToField(issue.path);
  const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
  return { field, message: `${field}: ${missing ? 'is required' : issue.message}` };
}

/**
 * The path to the first string, or object key, at any depth of `input` that
 * `matches`. Iterative: inputs can be nested deeper than the call stack.
 */
export function findText(input: unknown, matches: (text: string) => boolean): PropertyKey[] | undefined {
  type Node = { value: unknown; key?: PropertyKey; parent?: Node };
  const pathOf = (node: Node) => {
    const path: PropertyKey[] = [];
    for (let at: Node | undefined = node; at?.parent; at = at.parent) path.unshift(at.key!);
    return path;
  };
  const pending: Node[] = [{ value: input }];
  while (pending.length) {
    const node = pending.pop()!;
    if (typeof node.value === 'string') {
      if (matches(node.value)) return pathOf(node);
    } else if (typeof node.value === 'object' && node.value !== null) {
      for (const [key, value] of Array.isArray(node.value) ? node.value.entries() : Object.entries(node.value)) {
        const child: Node = { value, key, parent: node };
        if (typeof key === 'string' && matches(key)) return pathOf(child);
        pending.push(child);
      }
    }
  }
  return undefined;
}

/** With the u flag a surrogate pair is one code point, so this matches only a surrogate without its other half. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * An unpaired UTF-16 surrogate is not text: UTF-8 cannot encode it, JSON
 * carries it only as a \ud800 escape, and PostgreSQL's jsonb refuses it (a
 * 500 from whichever event or document it reached). This names the first
 * field, at any depth, that holds one, so every operation can refuse it.
 */
export function describeIllFormedText(input: unknown, root = 'body'): ValidationProblem | undefined {
  const path = findText(input, (text) => UNPAIRED_SURROGATE.test(text));
  if (!path) return undefined;
  const field = pathToField(path) || root;
  return { field, message: `${field}: must be well-formed Unicode text (it holds an unpaired surrogate)` };
}
