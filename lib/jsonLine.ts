import { DecodeError } from './errors.js';

// NaN and ±Infinity are not JSON. Python writes bare tokens (invalid JSON that most tools refuse);
// `JSON.stringify` writes `null` (the value is lost). A journal must keep them exactly, so they are
// written as a one-key object that no event type uses.
const TAG = '$num';
const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

const replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? { [TAG]: String(value) } : value;

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === TAG) {
      const tag = (value as Record<string, unknown>)[TAG];
      if (typeof tag === 'string' && Object.hasOwn(NON_FINITE, tag)) return NON_FINITE[tag];
    }
  }
  return value;
}

/**
 * One value as one line of JSON (no newline inside, none at the end), with NaN, Infinity and -Infinity
 * kept exactly as `{"$num":"NaN"}` etc. instead of JSON's lossy `null`.
 *
 * @example
 * ```ts
 * toJsonLine({ loss: NaN }); // '{"loss":{"$num":"NaN"}}'
 * ```
 */
export const toJsonLine = (value: unknown): string => JSON.stringify(value, replacer);

/**
 * Parses a line written by {@link toJsonLine}, restoring NaN and ±Infinity.
 *
 * @example
 * ```ts
 * fromJsonLine('{"loss":{"$num":"-Infinity"}}'); // { loss: -Infinity }
 * ```
 * @throws DecodeError naming `where` when the line is not JSON.
 */
export const fromJsonLine = (line: string, where = 'line'): unknown => {
  try {
    return JSON.parse(line, reviver) as unknown;
  } catch (e) {
    // V8 says where in the line ("… at position 21"): give it as the column an editor shows (22).
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message)?.[1];
    throw new DecodeError(where, [
      `not valid JSON${at === undefined ? '' : ` at column ${Number(at) + 1}`} (${message})`,
    ]);
  }
};
