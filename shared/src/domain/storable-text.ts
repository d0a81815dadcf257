/**
 * Text a database can keep exactly as it was sent. Postgres refuses the NUL character in text
 * and JSON, and UTF-8 has no encoding for a lone UTF-16 surrogate (the driver would store U+FFFD
 * instead, so an event id would come back different from the one claimed). Both are refused at
 * the edge, naming where they are, instead of failing the whole transaction later.
 */
export interface TextProblem {
  /** Dotted path of the offending string or key, `''` for the value itself. */
  field: string;
  message: string;
}

const NUL = '\u0000';
/** With the `u` flag a surrogate pair is one code point, so this matches only a lone half. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function problemOf(s: string): string | null {
  if (s.includes(NUL)) return 'contains the NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate, which is not valid Unicode text';
  return null;
}

/** The first string or object key in `value` that cannot be stored faithfully, or null. Iterative: depth costs no stack. */
export function unstorableText(value: unknown): TextProblem | null {
  const stack: { v: unknown; path: string[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const p = problemOf(v);
      if (p) return { field: path.join('.'), message: p };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const p = problemOf(k);
        if (p) return { field: [...path, k.replace(/\u0000/g, '\\u0000')].join('.'), message: `key ${p}` };
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return null;
}
