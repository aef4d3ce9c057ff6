import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultProblemsPath } from '../../bench/problems/loadProblems.js';
import { curveParts, loss, observed } from '../../bench/problems/learningCurve.js';
import type { ProblemJson } from '../../bench/problems/problemJson.js';
import { ProblemFileC, decodeOrThrow } from '../../bench/problems/problemJson.js';
import { DecodeError } from '../../lib/errors.js';

const path = defaultProblemsPath;
const file = decodeOrThrow(ProblemFileC, JSON.parse(readFileSync(path, 'utf8')), path);
const lc = file.problems.find((p) => p.formula_id === 'learning_curve') as ProblemJson;

const close = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-12 * Math.abs(b), 1e-15);

describe('learning-curve model (lc_hartmann6)', () => {
  it('reproduces every curve_test_vector: noise-free loss and noisy observed', () => {
    const vs = lc.curve_test_vectors ?? [];
    assert.ok(vs.length >= 10, 'curve_test_vectors present');
    for (const [i, v] of vs.entries()) {
      const l = loss(lc, v.params, v.t);
      const o = observed(lc, v.params, v.t, v.seed, v.trial);
      assert.ok(close(l, v.loss), `vector ${i}: loss ${l} != ${v.loss}`);
      assert.ok(close(o, v.observed), `vector ${i}: observed ${o} != ${v.observed}`);
    }
  });

  it('reproduces the problem test_vectors as loss at the last epoch', () => {
    const tMax = lc.fidelity?.max ?? 81;
    for (const [i, v] of lc.test_vectors.entries())
      assert.ok(close(loss(lc, v.params, tMax), v.value), `test_vector ${i}`);
  });

  it('matches the curve parts listed with the optimum', () => {
    const o = lc.optimum as unknown as { params: Record<string, number>; curve_parts: Record<string, number> };
    const parts = curveParts(lc, o.params);
    assert.ok(Math.abs(parts.final - (o.curve_parts.final as number)) < 1e-12);
    assert.ok(Math.abs(parts.init - (o.curve_parts.init as number)) < 1e-12);
    assert.ok(Math.abs(parts.tau - (o.curve_parts.tau as number)) < 1e-12);
    assert.ok(close(loss(lc, o.params, 81), lc.optimum.value));
  });

  it('noise depends on seed, trial and epoch, and not on anything else', () => {
    const x = lc.test_vectors[1]?.params ?? {};
    const base = observed(lc, x, 9, 3, 5);
    assert.equal(observed(lc, x, 9, 3, 5), base);
    assert.notEqual(observed(lc, x, 9, 4, 5), base);
    assert.notEqual(observed(lc, x, 9, 3, 6), base);
    assert.notEqual(observed(lc, x, 10, 3, 5) - loss(lc, x, 10), base - loss(lc, x, 9));
  });

  it('reads the constants from the problem, and names a malformed one', () => {
    const shifted = { ...lc, constants: { ...lc.constants, final_offset: 1.23 } };
    const x = lc.test_vectors[0]?.params ?? {};
    // final moves by 1.0 and the curve approaches it as 1 - exp(-t/tau).
    const expected = (1.23 - 0.23) * (1 - Math.exp(-81 / curveParts(lc, x).tau));
    assert.ok(Math.abs(loss(shifted, x, 81) - loss(lc, x, 81) - expected) < 1e-12);
    const broken = { ...lc, constants: { ...lc.constants, tau_ratio: 'x' } };
    assert.throws(
      () => loss(broken, x, 81),
      (e: unknown) => e instanceof DecodeError && /tau_ratio/.test(e.message) && /lc_hartmann6/.test(e.message),
    );
  });
});
