/**
 * Where `value` is not plain JSON data, each problem naming its path: what `JSON.parse(JSON.stringify(v))`
 * would not give back unchanged. Plain data is null, strings, booleans, finite numbers other than −0,
 * arrays of plain data (no holes, no `undefined`), and objects whose prototype is `Object.prototype` or
 * null with plain data in every own enumerable property. Non-enumerable properties are not serialised,
 * so they are skipped: that is where a sampler may keep a cache it can rebuild.
 *
 * @example
 * ```ts
 * jsonProblems({ rng: { c: 1 }, seen: new Set([1]), best: Infinity }, 'state');
 * // ['state.seen: a Set is not JSON data (it serialises as {} or as its toJSON)',
 * //  'state.best: Infinity is not JSON data (it serialises as null)']
 * ```
 */
export const jsonProblems = (value: unknown, path = '$'): string[] => {
  const out: string[] = [];
  walk(value, path, out, new Set());
  return out;
};

const walk = (v: unknown, path: string, out: string[], seen: Set<object>): void => {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(`${path}: ${String(v)} is not JSON data (it serialises as null)`);
    else if (Object.is(v, -0)) out.push(`${path}: -0 is not JSON data (it serialises as 0)`);
    return;
  }
  if (typeof v !== 'object') {
    out.push(`${path}: ${typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`} is not JSON data`);
    return;
  }
  if (seen.has(v)) {
    out.push(`${path}: a cycle is not JSON data`);
    return;
  }
  seen.add(v);
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) out.push(`${path}: an Array subclass is not JSON data`);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) out.push(`${path}[${i}]: a hole is not JSON data (it serialises as null)`);
      else walk(v[i], `${path}[${i}]`, out, seen);
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'class instance';
      out.push(`${path}: a ${name} is not JSON data (it serialises as {} or as its toJSON)`);
    } else
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        walk(x, `${path}.${k}`, out, seen);
      }
  }
  seen.delete(v);
};
