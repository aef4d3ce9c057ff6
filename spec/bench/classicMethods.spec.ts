// bench:classic's method registry and the paper's reference cells.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { int } from '../../lib/index.js';
import { classicMethodAvailable, classicMethodNames, makeClassicMethod } from '../../bench/classicMethods.js';
import { paperCell } from '../../bench/classicReference.js';

const ctx = {
  model: 'knn',
  task: 'classification' as const,
  space: { n_neighbors: int(1, 20) },
  defaults: { n_neighbors: 5 },
  evaluations: 10,
  folds: 3,
  features: 64,
};

describe('bench:classic methods', () => {
  it("knows every method of the issue's command line, in the table's order", () => {
    assert.deepEqual(classicMethodNames, [
      'default',
      'grid',
      'random',
      'tpe',
      'hyperband',
      'gp',
      'bohb',
      'cmaes',
      'cfo',
      'blendsearch',
    ]);
  });

  it('gives each available method its budget: one evaluation, the evaluation count, or fold fits for Hyperband', () => {
    assert.deepEqual(makeClassicMethod('default', ctx).budget, { trials: 1 });
    for (const m of ['grid', 'random', 'tpe', 'gp', 'cmaes', 'cfo', 'blendsearch']) {
      const setup = makeClassicMethod(m, ctx);
      assert.deepEqual(setup.budget, { trials: 10 }, m);
      assert.equal(setup.scheduler, undefined, m);
    }
    for (const m of ['hyperband', 'bohb']) {
      const setup = makeClassicMethod(m, ctx);
      assert.deepEqual(setup.budget, { steps: 30 }, m);
      assert.equal(typeof setup.scheduler, 'function', m);
    }
  });

  it('runs every method in this build, and names an unknown one', () => {
    for (const m of classicMethodNames) assert.ok(classicMethodAvailable(m), m);
    assert.throws(() => makeClassicMethod('pso', ctx), /unknown method "pso"/);
  });

  it("gives the paper's cells by data file, accuracy as a fraction", () => {
    assert.deepEqual(paperCell('datasets/digits.csv', 'svm', 'gp'), { value: 0.975, seconds: 17.56 });
    assert.deepEqual(paperCell('/x/boston_housing.csv', 'knn', 'default'), { value: 81.48, seconds: 0.004 });
    assert.equal(paperCell('datasets/digits.csv', 'svm', 'cfo'), undefined);
    assert.equal(paperCell('other.csv', 'svm', 'tpe'), undefined);
  });
});
