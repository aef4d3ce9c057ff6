import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../../lib/errors.js';

const ChoiceC = t.union([t.string, t.number, t.boolean], 'Choice');

/** One parameter of a problem file: `{name, type, low, high, log, step, choices, condition?}`. */
export const ParamJsonC = t.intersection(
  [
    t.type({ name: t.string, type: t.keyof({ float: null, int: null, categorical: null }, 'ParamType') }, 'ParamHead'),
    t.partial(
      {
        low: t.number,
        high: t.number,
        log: t.boolean,
        step: t.union([t.number, t.null]),
        choices: t.array(ChoiceC),
        // `{param, in}` (ints, categoricals) or `{param, low?, high?}` (ints, floats); checked by spaceFromJson.
        condition: t.intersection(
          [t.type({ param: t.string }), t.partial({ in: t.array(ChoiceC), low: t.number, high: t.number })],
          'Condition',
        ),
      },
      'ParamBody',
    ),
  ],
  'Param',
);
/** A decoded problem parameter. */
export type ParamJson = t.TypeOf<typeof ParamJsonC>;

/** A `{params, value}` pair from the Python reference that an implementation must reproduce. */
export const TestVectorC = t.type({ params: t.record(t.string, ChoiceC), value: t.number }, 'TestVector');

/** A learning-curve check value: noise-free `loss` and noisy `observed` at epoch `t`. */
export const CurveVectorC = t.type(
  {
    params: t.record(t.string, ChoiceC),
    t: t.number,
    seed: t.number,
    trial: t.number,
    loss: t.number,
    observed: t.number,
  },
  'CurveVector',
);

/**
 * One problem of a problems.json-format file. Extra fields (`reference`, `notes`, `verification`, …)
 * are allowed and ignored; `constants` is decoded by the formula that uses it.
 */
export const ProblemJsonC = t.intersection(
  [
    t.type(
      {
        name: t.string,
        category: t.keyof({ continuous: null, mixed: null, conditional: null, multi_fidelity: null }, 'Category'),
        formula_id: t.string,
        direction: t.keyof({ minimize: null, maximize: null }, 'Direction'),
        params: t.array(ParamJsonC),
        optimum: t.type({ value: t.number }, 'Optimum'),
        budget: t.union([t.number, t.type({ total_epochs: t.number }, 'EpochBudget')], 'Budget'),
        test_vectors: t.array(TestVectorC),
      },
      'Required',
    ),
    t.partial(
      {
        dim: t.number,
        formula: t.string,
        constants: t.UnknownRecord,
        checkpoints: t.array(t.number),
        fidelity: t.type({ min: t.number, max: t.number }, 'Fidelity'),
        noise: t.type({ sigma: t.number, stream: t.number }, 'Noise'),
        curve_test_vectors: t.array(CurveVectorC),
      },
      'Optional',
    ),
  ],
  'Problem',
);
/** A decoded problem. */
export type ProblemJson = t.TypeOf<typeof ProblemJsonC>;

/** The bench-hash32 check values at the top of a problems file. */
export const PrngJsonC = t.partial(
  {
    test_vectors: t.array(
      t.type({ keys: t.array(t.number), hash32: t.number, uniform01: t.number, std_normal: t.number }, 'PrngVector'),
    ),
    fmix32_test_vectors: t.array(t.type({ in: t.number, out: t.number }, 'Fmix32Vector')),
  },
  'Prng',
);

/** A whole problems.json-format file: `problems[]` is required, the rest is optional. */
export const ProblemFileC = t.intersection(
  [
    t.type({ problems: t.array(ProblemJsonC) }, 'Problems'),
    t.partial({ schema_version: t.unknown, conventions: t.unknown, protocols: t.unknown, prng: PrngJsonC }, 'Header'),
  ],
  'ProblemFile',
);
/** A decoded problems file. */
export type ProblemFile = t.TypeOf<typeof ProblemFileC>;

/**
 * Decodes `value` with `codec`, or throws a `DecodeError` whose lines are io-ts PathReporter output
 * (so the message names the path to the bad field).
 *
 * @example
 * ```ts
 * const file = decodeOrThrow(ProblemFileC, JSON.parse(text), 'problems.json');
 * ```
 */
export const decodeOrThrow = <A, O>(codec: t.Type<A, O, unknown>, value: unknown, what: string): A => {
  const r = codec.decode(value);
  if (isLeft(r)) throw new DecodeError(what, PathReporter.report(r));
  return r.right;
};
