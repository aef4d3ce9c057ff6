import { readFileSync } from 'node:fs';
import { InvalidOptionsError, show } from '../../lib/errors.js';

/**
 * A table of numeric features and one target column, as {@link loadCsv} reads it. `y` is numeric: the
 * target's own numbers, or, when the target column holds labels that are not all numbers, the index of
 * each row's label in `labels`.
 */
export interface Dataset {
  /** Feature column names, in file order, without the target. */
  readonly features: ReadonlyArray<string>;
  /** The target column's name. */
  readonly target: string;
  /** One row of features per data row. */
  readonly x: ReadonlyArray<ReadonlyArray<number>>;
  /** One target value per data row. */
  readonly y: ReadonlyArray<number>;
  /** When the target held text labels: the distinct labels, `y[i]` indexes them. */
  readonly labels?: ReadonlyArray<string>;
}

/**
 * A CSV file that cannot be read as a dataset: it names the file, and the row (1 = the first data row,
 * the header being line 1 of the file) and column that are wrong where there is one.
 *
 * @example
 * ```ts
 * try { loadCsv('data.csv', { target: 'label' }); } catch (e) { if (e instanceof CsvError) console.error(e.message); }
 * // data.csv: row 3 (line 4), column "age": "n/a" is not a number
 * ```
 */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    message: string,
    /** The data row (1-based) at fault, if one is. */
    readonly row?: number,
    /** The column at fault, if one is. */
    readonly column?: string,
  ) {
    super(message);
  }
}

/** Options of {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** The target column's name (case-sensitive, as in the header). */
  readonly target: string;
  /** How the source is named in errors. Default `'csv'` ({@link loadCsv}: the path). */
  readonly source?: string;
}

// One line into cells: commas, double quotes around a cell, "" inside quotes for a quote.
const splitLine = (line: string): string[] => {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
};

// Number('') is 0 and Number('0x1f') is 31: accept decimal notation only.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses CSV text (a header row, then one row per example, numeric features and a named target column)
 * into a {@link Dataset}. Blank lines are skipped. The target may hold numbers or text labels.
 *
 * @example
 * ```ts
 * const data = parseCsv('a,b,label\n1,2,cat\n3,4,dog\n', { target: 'label' });
 * // { features: ['a', 'b'], x: [[1, 2], [3, 4]], y: [0, 1], labels: ['cat', 'dog'], target: 'label' }
 * ```
 * @throws CsvError for an empty text, a missing target column, a row of the wrong length or a feature
 *   cell that is not a number (naming the row and column).
 */
export const parseCsv = (text: string, options: CsvOptions): Dataset => {
  const source = options.source ?? 'csv';
  const target = options.target;
  if (typeof target !== 'string' || target === '')
    throw new InvalidOptionsError('loadCsv options', [`target must be a column name, got ${show(target)}`]);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new CsvError(`${source}: the file is empty (a header row and data rows were expected)`);
  const header = splitLine(lines[headerAt] as string);
  const t = header.indexOf(target);
  if (t < 0)
    throw new CsvError(
      `${source}: no target column ${show(target)} in the header (columns: ${header.join(', ')})`,
      undefined,
      target,
    );
  const features = header.filter((_, j) => j !== t);
  const x: number[][] = [];
  const raw: string[] = [];
  let row = 0;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    row += 1;
    const cells = splitLine(line);
    const at = `${source}: row ${row} (line ${i + 1})`;
    if (cells.length !== header.length)
      throw new CsvError(`${at} has ${cells.length} cells, the header has ${header.length}`, row);
    const values: number[] = [];
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j] as string;
      const name = header[j] as string;
      if (j === t) {
        if (cell === '') throw new CsvError(`${at}, column ${show(name)}: the target is empty`, row, name);
        raw.push(cell);
      } else if (!NUMBER.test(cell))
        throw new CsvError(
          `${at}, column ${show(name)}: ${cell === '' ? 'the cell is empty' : `${show(cell)} is not a number`} (features must be numeric)`,
          row,
          name,
        );
      else values.push(Number(cell));
    }
    x.push(values);
  }
  if (row === 0) throw new CsvError(`${source}: no data rows after the header`);
  if (raw.every((c) => NUMBER.test(c))) return { features, target, x, y: raw.map(Number) };
  const labels = [...new Set(raw)];
  const index = new Map(labels.map((l, i) => [l, i]));
  return { features, target, x, y: raw.map((c) => index.get(c) as number), labels };
};

/**
 * Reads a CSV file (a header row, numeric features, a named target column) into a {@link Dataset}, for
 * the learners' trainers and `autoML` (`rxhpo/learners`).
 *
 * @example
 * ```ts
 * const digits = loadCsv('datasets/digits.csv', { target: 'target' });
 * console.log(digits.x.length, digits.features.length); // 1797 64
 * ```
 * @throws CsvError as {@link parseCsv}, and when the file cannot be read.
 */
export const loadCsv = (path: string, options: CsvOptions): Dataset => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CsvError(`${path}: cannot read the file (${(e as Error).message})`);
  }
  return parseCsv(text, { source: path, ...options });
};
