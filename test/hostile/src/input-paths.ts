export type Path = Array<string | number>;

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

/** Containers nested deeper than this are not mutated inside (a deep-nesting mutation is already its own case). */
const MAX_DEPTH = 4;

/** Every path to a value inside `input` (object keys and array indexes, a few levels deep), outermost first. */
export function fieldPaths(input: unknown): Path[] {
  const paths: Path[] = [];
  const pending: Array<{ value: unknown; path: Path }> = [{ value: input, path: [] }];
  while (pending.length) {
    const { value, path } = pending.shift()!;
    if (!isContainer(value) || path.length >= MAX_DEPTH) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, child] of entries) {
      paths.push([...path, key]);
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return paths;
}

/** The root and every object inside `input`: where a field can be added. */
export function objectPaths(input: unknown): Path[] {
  const root: Path[] = isContainer(input) && !Array.isArray(input) ? [[]] : [];
  return [...root, ...fieldPaths(input).filter((path) => isPlainObject(valueAt(input, path)))];
}

const isPlainObject = (value: unknown) => isContainer(value) && !Array.isArray(value);

export function valueAt(input: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (isContainer(value) ? (value as Record<string | number, unknown>)[key] : undefined), input);
}

/**
 * A copy of `input` with `value` at `path` (containers on the way copied, the
 * rest shared). Keys are defined, not assigned, so `__proto__` becomes a real
 * field that JSON.stringify sends rather than a prototype change.
 */
export function withValueAt(input: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  const container = isContainer(input) ? input : {};
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(container) ? [...container] : { ...container };
  Object.defineProperty(copy, key!, {
    value: withValueAt((container as Record<string | number, unknown>)[key!], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** A copy of `input` without the field (or array item) at `path`. */
export function withoutValueAt(input: unknown, path: Path): unknown {
  if (path.length === 0) return input;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  const parent = valueAt(input, parentPath);
  if (!isContainer(parent)) return input;
  const copy = Array.isArray(parent)
    ? parent.filter((_item, index) => index !== key)
    : Object.fromEntries(Object.entries(parent).filter(([name]) => name !== key));
  return withValueAt(input, parentPath, copy);
}
