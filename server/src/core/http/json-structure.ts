/**
 * How deep and how wide a JSON body may be. A body inside the size limit can still be a
 * tower of ten thousand nested arrays or an object with a million keys; both are answered
 * with a clear 400 before any handler walks them.
 */
export interface JsonShapeLimits {
  depth: number;
  keys: number;
}

export interface JsonShapeProblem {
  /** Dotted path of the value that goes too deep or holds too many keys; `(body)` for the root. */
  field: string;
  message: string;
}

/** The first place `value` breaks a limit, or null. Iterative: a deep body costs no stack. */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits): JsonShapeProblem | null {
  const stack: { v: unknown; depth: number; path: string[] }[] = [{ v: value, depth: 0, path: [] }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const at = path.join('.') || '(body)';
    if (depth + 1 > limits.depth)
      return { field: at, message: `nests arrays and objects deeper than ${limits.depth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], depth: depth + 1, path: [...path, String(i)] });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.keys)
      return { field: at, message: `has ${keys.length} keys, more than ${limits.keys}` };
    for (const k of keys)
      stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, path: [...path, k] });
  }
  return null;
}
