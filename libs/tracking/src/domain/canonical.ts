/**
 * JSON with object keys sorted: equal values give equal text whatever the key order (jsonb reorders
 * keys). The same text as `JSON.stringify` with a key-sorting replacer, written out by hand because
 * it runs on every command (the idempotency fingerprint) and every projected activity: the replacer
 * builds a sorted copy of each object first, about three times the work.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

type WithToJson = { toJSON: (key: string) => unknown };
const hasToJson = (value: object): value is WithToJson => typeof (value as Partial<WithToJson>).toJSON === 'function';

/** An array index as a property name ("0", "17"): objects list these first, in numeric order. */
const isIndex = (name: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(name) && Number(name) < 4294967295;

/**
 * The keys in the order the replacer's sorted copy had them: index-like keys first in numeric order
 * (an object always lists them so, and Object.keys already does), then the others sorted.
 */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  let indices = 0;
  while (indices < keys.length && isIndex(keys[indices])) indices++;
  return indices === 0 ? keys.sort() : [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

/** The text of a value, or undefined where JSON leaves it out (undefined, functions, symbols). */
function write(value: unknown, key = ''): string | undefined {
  if (value !== null && typeof value === 'object' && hasToJson(value)) value = value.toJSON(key);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i ? ',' : ''}${write(value[i], String(i)) ?? 'null'}`;
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const name of sortedKeys(record)) {
    const item = write(record[name], name);
    if (item !== undefined) text += `${text.length > 1 ? ',' : ''}${JSON.stringify(name)}:${item}`;
  }
  return `${text}}`;
}
