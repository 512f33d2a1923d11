/** Nesting deeper than any command or dataset needs. */
export const MAX_JSON_DEPTH = 32;

export interface ShapeProblem {
  field: string;
  reason: string;
}

/**
 * What no command body or dataset may hold, found without recursion (a hostile body can be very deep):
 * nesting deeper than any command needs (5,000 nested arrays overflowed validation's recursion),
 * and the character U+0000, which PostgreSQL cannot store in text or jsonb (the append failed: a
 * 500 for a client's mistake). Returns the first problem found.
 */
export function jsonShapeProblem(value: unknown): ShapeProblem | null {
  const stack: [unknown, number, string][] = [[value, 1, '']];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return { field: path || 'body', reason: 'must not contain the character U+0000' };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return { field: 'body', reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const childPath = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (key.includes('\u0000'))
        return { field: childPath.replaceAll('\u0000', '\\u0000'), reason: 'a field name must not contain the character U+0000' };
      stack.push([child, depth + 1, childPath]);
    }
  }
  return null;
}
