import * as t from 'io-ts';
import type { Config } from '../../lib/config.js';
import type { ParamJson, ProblemJson } from './problemJson.js';
import { decodeOrThrow } from './problemJson.js';
import {
  ackley,
  branin,
  hartmann,
  levy,
  rastrigin,
  rosenbrock,
  sixHumpCamel,
  styblinskiTang,
  unitValue,
} from './functions.js';
import { loss } from './learningCurve.js';

/** A problem's objective: a config (active params only) to the value to minimise. */
export type Formula = (params: Config) => number;

const Matrix = t.array(t.array(t.number));
const HartmannC = t.type({ alpha: t.array(t.number), A: Matrix, P: Matrix });
const MixedC = t.intersection([
  HartmannC,
  t.type({
    unit_order: t.array(t.string),
    categorical: t.string,
    offset: t.record(t.string, t.number),
    mirror_for: t.array(t.union([t.string, t.number, t.boolean])),
    mirror_dim: t.number,
  }),
]);
const n = t.number;
const SvmC = t.type({
  linear: t.type({ base: n, amp: n, c_opt: n, c_scale: n }),
  rbf: t.type({ base: n, amp: n, c_opt: n, g_opt: n, s_sum: n, s_diff: n }),
  poly: t.type({
    base: n,
    amp: n,
    c_opt: n,
    c_scale: n,
    coef0_opt: n,
    coef0_scale: n,
    degree_opt: n,
    degree_penalty: n,
  }),
});

const num = (params: Config, name: string): number => {
  const v = params[name];
  if (typeof v !== 'number') throw new RangeError(`param ${name} must be a number, got ${String(v)}`);
  return v;
};

// Continuous problems name their params x0..x{d-1}; the vector follows the listed order.
const vector =
  (problem: ProblemJson, f: (x: ReadonlyArray<number>) => number): Formula =>
  (params) =>
    f(problem.params.map((p) => num(params, p.name)));

const mixedHartmann6 = (problem: ProblemJson): Formula => {
  const c = decodeOrThrow(MixedC, problem.constants, `problem ${problem.name}: constants`);
  const byName = new Map(problem.params.map((p) => [p.name, p]));
  const order = c.unit_order.map((n) => {
    const p = byName.get(n);
    if (!p || p.type === 'categorical')
      throw new RangeError(`problem ${problem.name}: unit_order names ${n}, not a numeric param`);
    return p;
  });
  return (params) => {
    const u = order.map((p: ParamJson) => unitValue(p, num(params, p.name)));
    const v = params[c.categorical];
    if (c.mirror_for.some((m) => m === v)) u[c.mirror_dim] = 1.0 - (u[c.mirror_dim] as number);
    const offset = c.offset[String(v)];
    if (offset === undefined) throw new RangeError(`problem ${problem.name}: no offset for ${String(v)}`);
    return hartmann(u, c.alpha, c.A, c.P) + offset;
  };
};

const svmConditional = (problem: ProblemJson): Formula => {
  const c = decodeOrThrow(SvmC, problem.constants, `problem ${problem.name}: constants`);
  const bump = (base: number, amp: number, q: number): number => base + amp * (1.0 - Math.exp(-0.5 * q));
  return (params) => {
    const lc = Math.log10(num(params, 'C'));
    switch (params['kind']) {
      case 'linear': {
        const K = c.linear;
        const z = (lc - K.c_opt) / K.c_scale;
        return bump(K.base, K.amp, z * z);
      }
      case 'rbf': {
        const K = c.rbf;
        const a = lc - K.c_opt;
        const b = Math.log10(num(params, 'rbf_gamma')) - K.g_opt;
        const z1 = (a + b) / K.s_sum;
        const z2 = (a - b) / K.s_diff;
        return bump(K.base, K.amp, z1 * z1 + z2 * z2);
      }
      case 'poly': {
        const K = c.poly;
        const z1 = (lc - K.c_opt) / K.c_scale;
        const z2 = (num(params, 'poly_coef0') - K.coef0_opt) / K.coef0_scale;
        return (
          bump(K.base, K.amp, z1 * z1 + z2 * z2) +
          K.degree_penalty * Math.abs(num(params, 'poly_degree') - K.degree_opt)
        );
      }
      default:
        throw new RangeError(`problem ${problem.name}: unknown kind ${String(params['kind'])}`);
    }
  };
};

const builders: Readonly<Record<string, (problem: ProblemJson) => Formula>> = {
  branin: (p) => {
    const c = decodeOrThrow(
      t.type({ a: t.number, r: t.number, s: t.number }),
      p.constants,
      `problem ${p.name}: constants`,
    );
    return vector(p, (x) => branin(x, c));
  },
  hartmann: (p) => {
    const c = decodeOrThrow(HartmannC, p.constants, `problem ${p.name}: constants`);
    return vector(p, (x) => hartmann(x, c.alpha, c.A, c.P));
  },
  rosenbrock: (p) => vector(p, rosenbrock),
  ackley: (p) => {
    const c = decodeOrThrow(t.type({ a: t.number, b: t.number }), p.constants, `problem ${p.name}: constants`);
    return vector(p, (x) => ackley(x, c));
  },
  rastrigin: (p) => {
    const c = decodeOrThrow(t.type({ A: t.number }), p.constants, `problem ${p.name}: constants`);
    return vector(p, (x) => rastrigin(x, c));
  },
  styblinski_tang: (p) => vector(p, styblinskiTang),
  levy: (p) => vector(p, levy),
  six_hump_camel: (p) => vector(p, sixHumpCamel),
  mixed_hartmann6: mixedHartmann6,
  svm_conditional: svmConditional,
  // A completed trial of the learning-curve problem is scored by its noise-free loss at the last epoch.
  learning_curve: (p) => {
    const tMax = p.fidelity?.max;
    if (tMax === undefined) throw new RangeError(`problem ${p.name}: learning_curve needs fidelity.max`);
    return (params) => loss(p, params, tMax);
  },
};

/** Every `formula_id` this library can evaluate. */
export const formulaIds: ReadonlyArray<string> = Object.keys(builders);

/**
 * The objective of a problem, chosen by its `formula_id` and built from its `constants` (decoded once).
 *
 * @example
 * ```ts
 * const f = formulaOf(braninProblem);
 * f({ x0: -Math.PI, x1: 12.275 }); // 0.39788735772973816
 * ```
 * @throws RangeError for an unknown formula_id; DecodeError (with the path) for malformed constants.
 */
export const formulaOf = (problem: ProblemJson): Formula => {
  const build = builders[problem.formula_id];
  if (!build)
    throw new RangeError(
      `problem ${problem.name}: unknown formula_id ${JSON.stringify(problem.formula_id)} (known: ${formulaIds.join(', ')})`,
    );
  return build(problem);
};
