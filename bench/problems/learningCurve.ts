import * as t from 'io-ts';
import type { Config } from '../../lib/config.js';
import type { ParamJson, ProblemJson } from './problemJson.js';
import { decodeOrThrow } from './problemJson.js';
import { hartmann, unitValue } from './functions.js';
import { stdNormal } from './prng.js';

const Matrix = t.array(t.array(t.number));
const CurveConstantsC = t.type({
  alpha: t.array(t.number),
  A: Matrix,
  P: Matrix,
  unit_order: t.array(t.string),
  final_offset: t.number,
  final_scale: t.number,
  init_base: t.number,
  init_slope: t.number,
  init_param: t.string,
  tau_min: t.number,
  tau_ratio: t.number,
  tau_lr_param: t.string,
  tau_momentum_coef: t.number,
  tau_momentum_param: t.string,
});
const NoiseC = t.type({ sigma: t.number, stream: t.number });

interface Curve {
  readonly c: t.TypeOf<typeof CurveConstantsC>;
  readonly noise: t.TypeOf<typeof NoiseC> | undefined;
  readonly param: (name: string) => ParamJson;
}

// Decoding the constants once per problem keeps loss() cheap inside a scheduler benchmark's inner loop.
const curves = new WeakMap<ProblemJson, Curve>();
const curveOf = (problem: ProblemJson): Curve => {
  const cached = curves.get(problem);
  if (cached) return cached;
  const c = decodeOrThrow(CurveConstantsC, problem.constants, `problem ${problem.name}: learning-curve constants`);
  const noise =
    problem.noise === undefined ? undefined : decodeOrThrow(NoiseC, problem.noise, `problem ${problem.name}: noise`);
  const byName = new Map(problem.params.map((p) => [p.name, p]));
  const names = [...c.unit_order, c.init_param, c.tau_lr_param, c.tau_momentum_param];
  const missing = names.filter((n) => {
    const p = byName.get(n);
    return p === undefined || p.type === 'categorical' || p.low === undefined || p.high === undefined;
  });
  if (missing.length > 0)
    throw new RangeError(`problem ${problem.name}: constants name ${missing.join(', ')}, not numeric params`);
  const curve: Curve = { c, noise, param: (name) => byName.get(name) as ParamJson };
  curves.set(problem, curve);
  return curve;
};

const unitOf = (curve: Curve, x: Config, name: string): number => {
  const v = x[name];
  if (typeof v !== 'number') throw new RangeError(`learning curve: param ${name} must be a number, got ${String(v)}`);
  return unitValue(curve.param(name), v);
};

/** The three numbers that shape a config's curve: asymptote, start and time constant (epochs). */
export interface CurveParts {
  readonly final: number;
  readonly init: number;
  readonly tau: number;
}

/**
 * The curve of config `x` in a `learning_curve` problem (lc_hartmann6):
 * final = final_offset + final_scale·(−ln(−hartmann6(u))), init = init_base + init_slope·unit(depth),
 * tau = tau_min·tau_ratio^(1 − unit(lr))·(1 − tau_momentum_coef·unit(momentum)).
 *
 * @example
 * ```ts
 * curveParts(problem, optimum.params); // { final: 0.04992…, init: 2.3428…, tau: 4.3486… }
 * ```
 * @throws DecodeError if the problem's constants are malformed (path to the bad field).
 */
export const curveParts = (problem: ProblemJson, x: Config): CurveParts => {
  const curve = curveOf(problem);
  const { c } = curve;
  const u = c.unit_order.map((name) => unitOf(curve, x, name));
  const h = hartmann(u, c.alpha, c.A, c.P);
  const final = c.final_offset + c.final_scale * -Math.log(-h);
  const init = c.init_base + c.init_slope * unitOf(curve, x, c.init_param);
  const uLr = unitOf(curve, x, c.tau_lr_param);
  const uM = unitOf(curve, x, c.tau_momentum_param);
  const tau = c.tau_min * Math.pow(c.tau_ratio, 1.0 - uLr) * (1.0 - c.tau_momentum_coef * uM);
  return { final, init, tau };
};

/**
 * Noise-free loss of config `x` after epoch `t`: final + (init − final)·exp(−t/tau). Regret in the
 * multi-fidelity protocol uses `loss(problem, x, 81)`.
 *
 * @example
 * ```ts
 * loss(problem, optimum.params, 81); // 0.049924518602789514
 * ```
 */
export const loss = (problem: ProblemJson, x: Config, t: number): number => {
  const { final, init, tau } = curveParts(problem, x);
  return final + (init - final) * Math.exp(-t / tau);
};

/**
 * What a trainer reports at epoch `t`: loss + sigma·stdNormal([stream, seed, trialNumber, t]), where
 * `seed` is the run seed and `trialNumber` the 0-based creation index of the trial in its run (pruned
 * and truncated trials count). Bit-exact noise, so runs match the Python reference trial for trial.
 *
 * @example
 * ```ts
 * observed(problem, optimum.params, 81, 0, 1); // 0.04162470671152409
 * ```
 * @throws RangeError if the problem has no `noise` block or a key is not a uint32.
 */
export const observed = (problem: ProblemJson, x: Config, t: number, seed: number, trialNumber: number): number => {
  const { noise } = curveOf(problem);
  if (noise === undefined) throw new RangeError(`problem ${problem.name} has no noise block`);
  return loss(problem, x, t) + noise.sigma * stdNormal([noise.stream, seed, trialNumber, t]);
};
