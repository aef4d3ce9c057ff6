import { deepStrictEqual } from 'node:assert/strict';

const strip = (x: unknown): unknown => {
  if (x instanceof Error) return { name: x.name, message: x.message };
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object') {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return x;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, strip(v)]));
  }
  return x;
};

/**
 * The assertion function for rxjs `TestScheduler`: deep equality of frames, with errors compared by
 * name and message only (stacks differ between runs).
 *
 * @example
 * ```ts
 * const ts = new TestScheduler(eventMatcher);
 * ts.run(({ expectObservable }) => expectObservable(out$).toBe('a-(bc)|', values));
 * ```
 */
export const eventMatcher = (actual: unknown, expected: unknown): void =>
  deepStrictEqual(strip(actual), strip(expected));
