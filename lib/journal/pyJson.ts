import { DecodeError } from '../errors.js';

/**
 * A number that Python must read as a float: {@link pyDumps} writes it with a `.0` when JavaScript would
 * print an integer (`1` → `1.0`), so Optuna holds a `float` where it expects one.
 *
 * @example
 * ```ts
 * pyDumps({ values: [pyFloat(1)] }); // '{"values": [1.0]}'
 * ```
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Wraps `n` so that {@link pyDumps} writes it float-typed. */
export const pyFloat = (n: number): PyFloat => new PyFloat(n);

const numberText = (n: number, float: boolean): string => {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const s = String(n);
  return float && !/[.eE]/.test(s) ? `${s}.0` : s;
};

/** Separators of Python's `json.dumps`: compact (`,` `:`) as Optuna 4+ writes records, or spaced as 3.x. */
export interface PyDumpsOptions {
  readonly compact?: boolean;
}

/**
 * Python-dialect JSON, as Python's `json.dumps` writes it: NaN and ±Infinity as the bare tokens `NaN`,
 * `Infinity`, `-Infinity` (which every Optuna reader accepts; `JSON.stringify` would write a lossy
 * `null`), {@link PyFloat}s with a `.0`, and `undefined` object members left out.
 *
 * @example
 * ```ts
 * pyDumps({ v: NaN, w: pyFloat(2) }); // '{"v": NaN, "w": 2.0}'
 * ```
 */
export const pyDumps = (value: unknown, options: PyDumpsOptions = {}): string => {
  const [comma, colon] = options.compact === true ? [',', ':'] : [', ', ': '];
  const dump = (v: unknown): string => {
    if (v instanceof PyFloat) return numberText(v.value, true);
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return numberText(v, false);
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(comma)}]`;
    if (typeof v === 'object')
      return `{${Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${JSON.stringify(k)}${colon}${dump(x)}`)
        .join(comma)}}`;
    throw new TypeError(`pyDumps: cannot write a ${typeof v}`);
  };
  return dump(value);
};

// Bare NaN/Infinity tokens are replaced (outside strings only) by a marker object that the reviver
// turns back into the number. A regex over the whole line would also rewrite "NaN" inside strings.
const MARK = '\u0000pyNum';
const TOKENS: ReadonlyArray<readonly [string, number]> = [
  ['-Infinity', -Infinity],
  ['Infinity', Infinity],
  ['NaN', NaN],
];

const reviver = (_key: string, v: unknown): unknown => {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const tag = (v as Record<string, unknown>)[MARK];
    if (typeof tag === 'number' && Object.keys(v).length === 1) return TOKENS[tag]?.[1];
  }
  return v;
};

/**
 * Parses Python-dialect JSON (what Optuna writes): standard JSON plus the bare tokens `NaN`,
 * `Infinity` and `-Infinity`, recognised only outside strings.
 *
 * @example
 * ```ts
 * pyLoads('{"v": NaN, "s": "NaN"}'); // { v: NaN, s: 'NaN' }
 * ```
 * @throws DecodeError naming `where` when the text is not (Python-dialect) JSON.
 */
export const pyLoads = (text: string, where = 'line'): unknown => {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c !== 'N' && c !== 'I' && c !== '-') continue;
    const k = TOKENS.findIndex(([token]) => text.startsWith(token, i));
    if (k < 0) continue;
    out += `${text.slice(from, i)}{"\\u0000pyNum":${k}}`;
    i += (TOKENS[k] as readonly [string, number])[0].length - 1;
    from = i + 1;
  }
  out += text.slice(from);
  try {
    return JSON.parse(out, reviver) as unknown;
  } catch (e) {
    throw new DecodeError(where, [`not valid JSON (${(e as Error).message})`]);
  }
};
