import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { agrees, defaultProblemsPath, loadProblems, regretOf } from '../../bench/problems/loadProblems.js';
import { formulaIds } from '../../bench/problems/formulaOf.js';
import { knownOptima } from '../../bench/problems/functions.js';
import { TestVectorError } from '../../bench/problems/testVectorError.js';
import { flattenSpace } from '../../lib/searchSpace.js';
import { DecodeError, InvalidOptionsError } from '../../lib/errors.js';
import { rngFromSeed, withRng } from '../../lib/rng.js';

const shared = JSON.parse(readFileSync(defaultProblemsPath, 'utf8')) as { problems: Array<Record<string, unknown>> };
const extraPath = fileURLToPath(new URL('../../bench/problems/extra-problems.json', import.meta.url));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('problem library', () => {
  const { problems } = loadProblems(defaultProblemsPath);

  it('loads every problem of the shared file and implements every formula_id it uses', () => {
    assert.equal(problems.length, shared.problems.length);
    for (const p of shared.problems) assert.ok(formulaIds.includes(p['formula_id'] as string), String(p['formula_id']));
  });

  for (const p of problems)
    it(`${p.name}: reproduces each of its ${p.json.test_vectors.length} test vectors`, () => {
      for (const [i, v] of p.json.test_vectors.entries()) {
        const actual = p.evaluate(v.params);
        assert.ok(agrees(actual, v.value), `${p.name} test_vectors[${i}]: ${actual} vs ${v.value}`);
      }
    });

  it('builds the conditional and mixed spaces the files describe', () => {
    const svm = problems.find((p) => p.name === 'svm_conditional');
    const flat = flattenSpace(svm?.space ?? {});
    assert.deepEqual(flat.map((s) => s.name).sort(), ['C', 'kind', 'poly_coef0', 'poly_degree', 'rbf_gamma']);
    assert.deepEqual(flat.find((s) => s.name === 'rbf_gamma')?.condition, { param: 'kind', in: ['rbf'] });
    const mixed = problems.find((p) => p.name === 'mixed_hartmann6');
    assert.deepEqual(mixed?.space['units'], { _tag: 'Int', low: 16, high: 256, log: false, step: 16 });
    assert.deepEqual(mixed?.space['lr'], { _tag: 'Float', low: 1e-5, high: 0.1, log: true });
  });

  it('measures regret against optimum.value, in the direction of the problem', () => {
    const b = problems.find((p) => p.name === 'branin');
    assert.ok(b);
    assert.equal(regretOf(b, 1.5), 1.5 - 0.3978873577297384);
    const max = { ...b, json: { ...b.json, direction: 'maximize' as const } };
    assert.equal(regretOf(max, 0.3), 0.3978873577297384 - 0.3);
  });

  it('filters with `only` and refuses a name the file does not have', () => {
    assert.deepEqual(
      loadProblems(defaultProblemsPath, { only: ['hartmann3'] }).problems.map((p) => p.name),
      ['hartmann3'],
    );
    assert.throws(() => loadProblems(defaultProblemsPath, { only: ['nope'] }), /no problem named nope/);
  });
});

describe('extra standard functions', () => {
  it('loads its own problems.json-format file, checked against the Python reference values', () => {
    const { problems } = loadProblems(extraPath);
    assert.deepEqual(
      problems.map((p) => p.json.formula_id),
      ['styblinski_tang', 'levy', 'six_hump_camel'],
    );
  });

  for (const [name, o] of Object.entries(knownOptima))
    it(`${name}: the known optimum is a minimum (value, and no better point nearby or in 2000 random ones)`, () => {
      assert.ok(Math.abs(o.f(o.x) - o.value) <= 1e-12 * Math.max(1, Math.abs(o.value)), `${o.f(o.x)}`);
      for (let i = 0; i < o.x.length; i++)
        for (const h of [1e-4, -1e-4]) {
          const y = o.x.slice();
          y[i] = (y[i] as number) + h;
          assert.ok(o.f(y) >= o.value - 1e-12, `${name} at x${i}${h > 0 ? '+' : '-'}h`);
        }
      const [points] = withRng(rngFromSeed(name), (next) =>
        Array.from({ length: 2000 }, () => o.domain.map(([lo, hi]) => lo + (hi - lo) * next())),
      );
      for (const y of points) assert.ok(o.f(y) >= o.value - 1e-12);
    });
});

describe('loadProblems rejects bad files loudly', () => {
  it('a malformed field: DecodeError with the PathReporter path to it', () => {
    const bad = clone(shared);
    (bad.problems[2] as { optimum: { value: unknown } }).optimum.value = 'low';
    assert.throws(
      () => loadProblems(bad),
      (e: unknown) =>
        e instanceof DecodeError &&
        /"low" supplied to : ProblemFile\/.*problems: Array<Problem>\/2: Problem\/.*optimum: Optimum\/value: number/.test(
          e.message,
        ),
    );
  });

  it('a bad param: the problem and the field are named', () => {
    const bad = clone(shared);
    const params = bad.problems[0]?.['params'] as Array<Record<string, unknown>>;
    (params[1] as Record<string, unknown>)['low'] = 20;
    assert.throws(
      () => loadProblems(bad),
      (e: unknown) =>
        e instanceof InvalidOptionsError && /branin: params/.test(e.message) && /low \(20\)/.test(e.message),
    );
  });

  it('a test vector the formula does not reproduce: TestVectorError naming problem and vector', () => {
    const bad = clone(shared);
    const vs = bad.problems[1]?.['test_vectors'] as Array<{ value: number }>;
    (vs[3] as { value: number }).value += 1e-9;
    assert.throws(
      () => loadProblems(bad),
      (e: unknown) =>
        e instanceof TestVectorError &&
        e.info.problem === 'hartmann3' &&
        e.info.vector === 'test_vectors[3]' &&
        /hartmann3: test_vectors\[3\]/.test(e.message),
    );
  });

  it('a wrong curve vector or PRNG vector is caught too', () => {
    const bad = clone(shared) as typeof shared & { prng: { test_vectors: Array<{ hash32: number }> } };
    (bad.prng.test_vectors[2] as { hash32: number }).hash32 += 1;
    assert.throws(() => loadProblems(bad), /prng: prng.test_vectors\[2\].hash32/);
    const bad2 = clone(shared);
    const lc = bad2.problems.find((p) => p['name'] === 'lc_hartmann6') as Record<string, unknown>;
    (lc['curve_test_vectors'] as Array<{ observed: number }>)[7]!.observed += 1e-6;
    assert.throws(() => loadProblems(bad2), /lc_hartmann6: curve_test_vectors\[7\].observed/);
  });

  it('an unknown formula_id, a vector outside the space, invalid JSON', () => {
    const bad = clone(shared);
    (bad.problems[3] as Record<string, unknown>)['formula_id'] = 'zdt1';
    assert.throws(() => loadProblems(bad), /rosenbrock5: unknown formula_id "zdt1"/);
    assert.doesNotThrow(() => loadProblems(bad, { only: ['branin'] }));
    const bad2 = clone(shared);
    const v = (bad2.problems[0]?.['test_vectors'] as Array<{ params: Record<string, number> }>)[1];
    (v as { params: Record<string, number> }).params['x0'] = 99;
    assert.throws(() => loadProblems(bad2), /branin: test_vectors\[1\]: x0: 99 is outside/);
    assert.throws(() => loadProblems(extraPath + '.missing'), DecodeError);
  });
});
