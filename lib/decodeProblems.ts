import type * as t from 'io-ts';
import { show } from './errors.js';

/**
 * Turns io-ts decode errors into short lines that name the field by its path and the value, e.g.
 * `objective.mode: "up" is not "min" | "max"`. (io-ts's PathReporter names every enclosing codec,
 * which buries the field in type noise; the path is the same.)
 *
 * @example
 * ```ts
 * const r = Codec.decode(input);
 * if (isLeft(r)) throw new InvalidOptionsError('study options', decodeProblems(r.left));
 * ```
 */
export const decodeProblems = (errors: t.Errors): string[] =>
  errors.map((e) => {
    const path = e.context
      .slice(1)
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k))
      .join('.');
    const last = e.context[e.context.length - 1];
    const expected = last ? last.type.name : 'a valid value';
    return e.message ?? `${path || '(root)'}: ${show(e.value)} is not ${expected}`;
  });
