import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchSpace } from '../../lib/searchSpace.js';
import { configProblems } from '../../lib/searchSpace.js';
import { spaceFromJson } from '../../lib/spaceFromJson.js';
import { DecodeError, InvalidOptionsError } from '../../lib/errors.js';
import type { ProblemFile, ProblemJson } from './problemJson.js';
import { ProblemFileC, decodeOrThrow } from './problemJson.js';
import type { Formula } from './formulaOf.js';
import { formulaOf } from './formulaOf.js';
import { observed, loss } from './learningCurve.js';
import { fmix32, hash32, stdNormal, uniform01 } from './prng.js';
import { TestVectorError } from './testVectorError.js';

/** The benchmark problem library, `bench/reference/problems.json` (vendored with its provenance). */
export const defaultProblemsPath = fileURLToPath(new URL('../reference/problems.json', import.meta.url));

/** A problem ready to run: its JSON, its rxhpo search space and its checked objective. */
export interface Problem {
  readonly name: string;
  readonly category: ProblemJson['category'];
  readonly json: ProblemJson;
  readonly space: SearchSpace;
  readonly evaluate: Formula;
  readonly optimum: number;
  /** Trials per run (sampler problems); undefined for multi-fidelity problems budgeted in epochs. */
  readonly trials: number | undefined;
  readonly checkpoints: ReadonlyArray<number>;
}

/** Options of {@link loadProblems}. */
export interface LoadOptions {
  /** Only these problems are built and checked (names); default all. Unknown names are an error. */
  readonly only?: ReadonlyArray<string>;
}

/**
 * The agreement the reference promises: ≤1e-12 relative, or 1e-9 absolute for values near 0 (where a
 * relative bound is meaningless, e.g. Ackley's ~4e-16 at its optimum).
 *
 * @example
 * ```ts
 * agrees(24.129964413622268, 24.12996441362227); // true
 * ```
 */
export const agrees = (actual: number, expected: number): boolean => {
  const d = Math.abs(actual - expected);
  return d <= 1e-12 * Math.abs(expected) || (Math.abs(expected) < 1e-3 && d <= 1e-9);
};

/**
 * Checks the file's bench-hash32 check values (if it has any). Integers and uniforms must be exact.
 *
 * @throws TestVectorError naming the vector.
 */
export const checkPrngVectors = (file: ProblemFile): void => {
  for (const [i, v] of (file.prng?.fmix32_test_vectors ?? []).entries())
    if (fmix32(v.in) !== v.out)
      throw new TestVectorError('prng', `fmix32_test_vectors[${i}]`, v.in, v.out, fmix32(v.in));
  for (const [i, v] of (file.prng?.test_vectors ?? []).entries()) {
    const at = `prng.test_vectors[${i}]`;
    if (hash32(v.keys) !== v.hash32)
      throw new TestVectorError('prng', `${at}.hash32`, v.keys, v.hash32, hash32(v.keys));
    const u = uniform01(v.keys);
    if (u !== v.uniform01) throw new TestVectorError('prng', `${at}.uniform01`, v.keys, v.uniform01, u);
    const z = stdNormal(v.keys);
    if (!agrees(z, v.std_normal)) throw new TestVectorError('prng', `${at}.std_normal`, v.keys, v.std_normal, z);
  }
};

/**
 * Checks every `test_vectors` entry of a problem (and `curve_test_vectors` for a learning curve):
 * each vector must be a valid config of the space and evaluate to its reference value.
 *
 * @example
 * ```ts
 * checkTestVectors(problem); // throws before a benchmark runs on a wrong formula
 * ```
 * @throws TestVectorError naming the problem and the vector; InvalidOptionsError for a vector outside the space.
 */
export const checkTestVectors = (problem: Problem): void => {
  const { json } = problem;
  if (json.test_vectors.length === 0)
    throw new InvalidOptionsError(`problem ${problem.name}`, [
      'test_vectors is empty: every problem must carry reference values to check its formula against',
    ]);
  for (const [i, v] of json.test_vectors.entries()) {
    const at = `test_vectors[${i}]`;
    const p = configProblems(problem.space, v.params);
    if (p.length > 0) throw new InvalidOptionsError(`problem ${problem.name}: ${at}`, p);
    const actual = problem.evaluate(v.params);
    if (!agrees(actual, v.value)) throw new TestVectorError(problem.name, at, v.params, v.value, actual);
  }
  for (const [i, v] of (json.curve_test_vectors ?? []).entries()) {
    const at = `curve_test_vectors[${i}]`;
    const l = loss(json, v.params, v.t);
    if (!agrees(l, v.loss)) throw new TestVectorError(problem.name, `${at}.loss`, v.params, v.loss, l);
    const o = observed(json, v.params, v.t, v.seed, v.trial);
    if (!agrees(o, v.observed)) throw new TestVectorError(problem.name, `${at}.observed`, v.params, v.observed, o);
  }
};

const build = (json: ProblemJson): Problem => {
  let space: SearchSpace;
  try {
    space = spaceFromJson(json.params);
  } catch (e) {
    if (e instanceof DecodeError) throw new DecodeError(`problem ${json.name}: params`, e.info.problems);
    if (e instanceof InvalidOptionsError)
      throw new InvalidOptionsError(`problem ${json.name}: params`, e.info.problems);
    throw e;
  }
  const problems: string[] = [];
  if (json.dim !== undefined && json.dim !== json.params.length)
    problems.push(`dim is ${json.dim} but params lists ${json.params.length} distinct params`);
  const trials = typeof json.budget === 'number' ? json.budget : undefined;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1))
    problems.push(`budget must be an integer >= 1 (trials), got ${trials}`);
  const checkpoints = json.checkpoints ?? (trials === undefined ? [] : [trials]);
  for (const k of checkpoints)
    if (!Number.isInteger(k) || k < 1 || (trials !== undefined && k > trials))
      problems.push(`checkpoint ${k} must be an integer in [1, budget]`);
  if (problems.length > 0) throw new InvalidOptionsError(`problem ${json.name}`, problems);
  return {
    name: json.name,
    category: json.category,
    json,
    space,
    evaluate: formulaOf(json),
    optimum: json.optimum.value,
    trials,
    checkpoints,
  };
};

/**
 * Reads any file in the problems.json format (or its parsed JSON), validates it, builds each problem's
 * search space and objective, and checks the PRNG vectors and every test vector before returning, so a
 * benchmark never runs a formula that disagrees with the reference.
 *
 * @example
 * ```ts
 * const { problems } = loadProblems(defaultProblemsPath, { only: ['branin', 'hartmann6'] });
 * for (const p of problems) console.log(p.name, p.evaluate(p.json.test_vectors[0]!.params));
 * ```
 * @throws DecodeError (PathReporter lines with the path to the bad field) for a malformed file;
 * InvalidOptionsError for an invalid space or budget; TestVectorError for a failing check value.
 */
export const loadProblems = (
  source: unknown,
  options: LoadOptions = {},
): { readonly file: ProblemFile; readonly problems: ReadonlyArray<Problem> } => {
  let raw: unknown = source;
  const what = typeof source === 'string' ? source : 'problems JSON';
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(readFileSync(source, 'utf8'));
    } catch (e) {
      throw new DecodeError(what, [e instanceof Error ? e.message : String(e)]);
    }
  }
  const file = decodeOrThrow(ProblemFileC, raw, what);
  const names = file.problems.map((p) => p.name);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length > 0) throw new InvalidOptionsError(what, [`duplicate problem names ${dup.join(', ')}`]);
  const unknown = (options.only ?? []).filter((n) => !names.includes(n));
  if (unknown.length > 0)
    throw new InvalidOptionsError(what, [`no problem named ${unknown.join(', ')} (have ${names.join(', ')})`]);
  checkPrngVectors(file);
  const selected = options.only ? file.problems.filter((p) => options.only?.includes(p.name)) : file.problems;
  const problems = selected.map(build);
  for (const p of problems) checkTestVectors(p);
  return { file, problems };
};

/** Simple regret of a best value: best − optimum when minimising, optimum − best when maximising. */
export const regretOf = (problem: Problem, best: number): number =>
  problem.json.direction === 'minimize' ? best - problem.optimum : problem.optimum - best;
