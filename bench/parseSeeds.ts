import { InvalidOptionsError, show } from '../lib/errors.js';

/**
 * Parses a seed list: `0-9`, `0,3,5`, or a mix such as `0-2,7`.
 *
 * @example
 * ```ts
 * parseSeeds('0-2,7'); // [0, 1, 2, 7]
 * ```
 * @throws InvalidOptionsError for anything else.
 */
export const parseSeeds = (text: string): number[] => {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new InvalidOptionsError('--seeds', [`expected a list like 0-9 or 0,3,5, got ${show(text)}`]);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new InvalidOptionsError('--seeds', [`range ${show(part)} is empty`]);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return [...new Set(out)];
};
