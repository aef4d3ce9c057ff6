// The numbers of Yang & Shami 2020 ("On hyperparameter optimization of machine learning algorithms:
// Theory and practice", Neurocomputing 415, arXiv 2007.15745), Tables 4-9: value (accuracy % on digits,
// MSE on Boston housing) / CT (total seconds of the HPO run on a 6-core i7-8700), per method and model.

/** One cell of the paper's tables: the best value and its computation time (s). */
export interface PaperCell {
  readonly value: number;
  readonly seconds: number;
}

type Table = Readonly<Record<string, Readonly<Record<string, PaperCell>>>>;

const t = (rows: ReadonlyArray<readonly [string, number, number, number, number, number, number]>): Table =>
  Object.fromEntries(
    (['rf', 'svm', 'knn'] as const).map((model, m) => [
      model,
      Object.fromEntries(rows.map((r) => [r[0], { value: r[1 + 2 * m] as number, seconds: r[2 + 2 * m] as number }])),
    ]),
  );

/** The paper's digits table (accuracy in %), keyed by our method names (`default`, `grid`, …). */
const digits = t([
  ['default', 90.65, 0.09, 97.05, 0.29, 96.27, 0.24],
  ['grid', 93.32, 48.62, 97.44, 32.9, 96.22, 7.86],
  ['random', 93.38, 16.73, 97.35, 12.48, 96.33, 6.44],
  ['gp', 93.38, 20.6, 97.5, 17.56, 96.83, 1.12],
  ['tpe', 93.88, 12.58, 97.44, 3.02, 96.83, 2.33],
  ['hyperband', 93.38, 8.89, 97.44, 11.37, 96.22, 4.54],
  ['bohb', 93.38, 9.45, 97.44, 8.18, 97.44, 3.84],
]);

/** The paper's Boston housing table (MSE). */
const boston = t([
  ['default', 31.26, 0.08, 77.43, 0.02, 81.48, 0.004],
  ['grid', 29.02, 4.64, 67.07, 1.33, 81.53, 0.12],
  ['random', 27.92, 3.42, 61.4, 0.48, 80.77, 0.11],
  ['gp', 26.79, 17.94, 61.27, 5.87, 80.77, 0.49],
  ['tpe', 25.42, 1.53, 59.4, 0.33, 80.83, 0.08],
  ['hyperband', 26.14, 2.56, 73.44, 0.32, 80.87, 0.1],
  ['bohb', 25.56, 1.88, 59.67, 0.31, 80.77, 0.09],
]);

/**
 * The paper's cell for a data file (by its name: `digits.csv`, `boston_housing.csv`), model and
 * method, with accuracy as a fraction (0-1) as the bench reports it; `undefined` for other data or
 * methods the paper did not run.
 *
 * @example
 * ```ts
 * paperCell('datasets/digits.csv', 'svm', 'tpe'); // { value: 0.9744, seconds: 3.02 }
 * ```
 */
export const paperCell = (dataFile: string, model: string, method: string): PaperCell | undefined => {
  const name = dataFile.split(/[\\/]/).pop() ?? '';
  if (name === 'digits.csv') {
    const c = digits[model]?.[method];
    return c && { value: c.value / 100, seconds: c.seconds };
  }
  if (name === 'boston_housing.csv') return boston[model]?.[method];
  return undefined;
};
