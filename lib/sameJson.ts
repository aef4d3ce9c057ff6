/**
 * Deep equality of JSON-like values as a journal keeps them: key order and keys holding `undefined` do
 * not matter, `0` equals `-0` (JSON writes both as `0`), NaN equals NaN (the journal keeps it).
 * Functions and other non-data values are equal only to themselves.
 *
 * @example
 * ```ts
 * sameJson({ a: 1, b: undefined }, { a: 1 }); // true
 * ```
 */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameJson(x, bs[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k]));
};
