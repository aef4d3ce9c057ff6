/**
 * A problem's implementation disagrees with a check value from the reference: running it would
 * produce numbers that are not comparable with the Optuna baseline, so nothing runs.
 *
 * @example
 * ```ts
 * throw new TestVectorError('branin', 'test_vectors[1]', { x0: 2.5, x1: 7.5 }, 24.13, 24.12);
 * ```
 */
export class TestVectorError extends Error {
  override readonly name = 'TestVectorError';
  readonly info: {
    readonly problem: string;
    readonly vector: string;
    readonly params: unknown;
    readonly expected: number;
    readonly actual: number;
  };
  constructor(problem: string, vector: string, params: unknown, expected: number, actual: number) {
    super(
      `problem ${problem}: ${vector} ${JSON.stringify(params)} evaluates to ${actual}, expected ${expected} ` +
        `(difference ${actual - expected}); fix the formula or the problem file before benchmarking`,
    );
    this.info = { problem, vector, params, expected, actual };
  }
}
