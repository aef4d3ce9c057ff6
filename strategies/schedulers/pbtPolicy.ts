import type { Config } from '../../lib/config.js';
import type { Decision } from '../../lib/decision.js';
import { fork, pause, promote, stop } from '../../lib/decision.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Policy, PolicyStep } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import type { MutationRecord } from '../../lib/mutation.js';
import type { RngState } from '../../lib/rng.js';
import { derive, intBelow, rngFromSeed, withRng } from '../../lib/rng.js';
import type { Trial, TrialId } from '../../lib/trial.js';
import type { TrialEnded, TrialReported } from '../../lib/trialEvent.js';
import type { CustomExplore, MutationSpec } from '../perturb.js';
import { mutationProblems, perturb } from '../perturb.js';
import type { PbtExplorer } from './pbtExplorer.js';

/** Options of {@link pbtPolicy} (Ray's `PopulationBasedTraining`, with steps as its `time_attr`). */
export interface PbtOptions {
  /** Steps between two ready points of a member (Ray's `perturbation_interval`). Default 10; must be >= 1. */
  readonly perturbationInterval?: number;
  /** No member is perturbed before this step (Ray's `burn_in_period`). Default 0. */
  readonly burnIn?: number;
  /** The bottom fraction clones the top fraction; in (0, 0.5]. Default 0.25. */
  readonly quantileFraction?: number;
  /** Probability of resampling a parameter instead of scaling or shifting it. Default 0.25. */
  readonly resampleProbability?: number;
  /** Factors a numeric parameter is multiplied by (one chosen uniformly). Default [0.8, 1.2]. */
  readonly perturbationFactors?: ReadonlyArray<number>;
  /** Per-parameter mutation specs (a distribution, a list of choices, or a resampling function). */
  readonly mutations?: Readonly<Record<string, MutationSpec>>;
  /** A custom explore step applied after `mutations` (Ray's `custom_explore_fn`). */
  readonly explore?: CustomExplore;
  /**
   * Replaces the whole explore step (`mutations`, `explore`, the resample probability and factors are
   * then unused): PB2's bandit is one. Default: Ray's random perturbation ({@link perturb}).
   */
  readonly explorer?: PbtExplorer<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Synchronous PBT: members pause at each interval until every live member has reached it. Default false. */
  readonly synchronous?: boolean;
  /**
   * The population size (>= 2): the number of fresh trials the study starts (set `budget.trials` to it).
   * Required in synchronous mode, which waits for this many members at its first interval.
   */
  readonly population?: number;
  /** Clip scaled values to their distribution's range and step grid (default false, as Ray). */
  readonly clip?: boolean;
  /**
   * The last step of every member, if the trainer does not put it in `trial.budget`: no perturbation
   * happens at or after it, and forked children and resumed members get it as their budget.
   */
  readonly maxStep?: number;
}

/** The defaults of {@link pbtPolicy}: Ray's, except the interval, which is in steps here. */
export const DEFAULT_PBT_OPTIONS = {
  perturbationInterval: 10,
  burnIn: 0,
  quantileFraction: 0.25,
  resampleProbability: 0.25,
  perturbationFactors: [0.8, 1.2],
  synchronous: false,
  clip: false,
} as const;

/** A live member of the population, as the policy sees it. */
export interface PbtMember {
  readonly id: TrialId;
  readonly config: Config;
  readonly budget?: number;
  readonly lastStep: number;
  /** The newest checkpoint the member reported (or resumed from), with its step. */
  readonly checkpoint?: { readonly step: number; readonly ref: unknown };
  /** The score at the member's last ready point: the (stale) score quantiles are computed on. */
  readonly ready?: { readonly step: number; readonly score: number; readonly round: number };
  /** Step of the member's last ready point (Ray's `last_perturbation_time`). */
  readonly lastPerturbation: number;
  /** Paused by this policy at a synchronous interval. */
  readonly paused: boolean;
}

/** The state of {@link pbtPolicy}: plain data, so it can be journaled. */
export interface PbtState {
  readonly rng: RngState;
  /** Live members in the order they started (ties in score keep this order, as in Ray). */
  readonly members: ReadonlyArray<PbtMember>;
  /** Children of forks decided but not started yet (to give them the parent's `lastPerturbation`). */
  readonly expected: ReadonlyArray<{
    readonly parent: TrialId;
    readonly step: number;
    readonly lastPerturbation: number;
  }>;
  /** Fresh members started so far. */
  readonly joined: number;
  /** Synchronous mode: the number of intervals released so far, and the step of the next one. */
  readonly round: number;
  readonly nextSync: number;
  /** The state of the `explorer` option, when one is given. */
  readonly explorer?: unknown;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Validates PBT options, returning them with defaults filled in.
 *
 * @throws InvalidOptionsError naming every bad field and its value.
 */
const PBT_KNOWN = [
  'perturbationInterval',
  'burnIn',
  'quantileFraction',
  'resampleProbability',
  'perturbationFactors',
  'mutations',
  'explore',
  'synchronous',
  'population',
  'clip',
  'maxStep',
  'explorer',
];

export const validatePbtOptions = (options: PbtOptions) => {
  const o = { ...DEFAULT_PBT_OPTIONS, mutations: {}, ...options };
  const p: string[] = unknownOptionProblems(options, PBT_KNOWN);
  if (!isNum(o.perturbationInterval) || o.perturbationInterval < 1)
    p.push(`perturbationInterval must be a number >= 1 (steps), got ${show(o.perturbationInterval)}`);
  if (!isNum(o.burnIn) || o.burnIn < 0) p.push(`burnIn must be a number >= 0, got ${show(o.burnIn)}`);
  if (!isNum(o.quantileFraction) || o.quantileFraction <= 0 || o.quantileFraction > 0.5)
    p.push(`quantileFraction must be in (0, 0.5], got ${show(o.quantileFraction)}`);
  if (!isNum(o.resampleProbability) || o.resampleProbability < 0 || o.resampleProbability > 1)
    p.push(`resampleProbability must be in [0, 1], got ${show(o.resampleProbability)}`);
  if (
    !Array.isArray(o.perturbationFactors) ||
    o.perturbationFactors.length === 0 ||
    !o.perturbationFactors.every((f) => isNum(f) && f > 0)
  )
    p.push(`perturbationFactors must be a non-empty list of numbers > 0, got ${show(o.perturbationFactors)}`);
  p.push(...mutationProblems(o.mutations));
  if (o.explore !== undefined && typeof o.explore !== 'function')
    p.push(`explore must be a function (config, next) => config, got ${show(o.explore)}`);
  if (
    typeof o.mutations === 'object' &&
    o.mutations !== null &&
    Object.keys(o.mutations).length === 0 &&
    o.explore === undefined &&
    o.explorer === undefined
  )
    p.push('mutations: give at least one parameter to mutate, or an explore function');
  if (
    o.explorer !== undefined &&
    (typeof o.explorer !== 'object' || o.explorer === null || typeof o.explorer.explore !== 'function')
  )
    p.push(`explorer must be an object with an explore function, got ${show(o.explorer)}`);
  if (typeof o.synchronous !== 'boolean') p.push(`synchronous must be a boolean, got ${show(o.synchronous)}`);
  if (o.population !== undefined && !(Number.isInteger(o.population) && o.population >= 2))
    p.push(`population must be an integer >= 2, got ${show(o.population)}`);
  if (o.synchronous === true && o.population === undefined)
    p.push('population is required in synchronous mode (the number of members to wait for), got undefined');
  if (typeof o.clip !== 'boolean') p.push(`clip must be a boolean, got ${show(o.clip)}`);
  if (o.maxStep !== undefined && !(isNum(o.maxStep) && o.maxStep > 0))
    p.push(`maxStep must be a number > 0, got ${show(o.maxStep)}`);
  if (p.length > 0) throw new InvalidOptionsError('pbt options', p);
  return o;
};

type Resolved = ReturnType<typeof validatePbtOptions>;

const replace = (ms: ReadonlyArray<PbtMember>, m: PbtMember): PbtMember[] => ms.map((x) => (x.id === m.id ? m : x));
const without = (ms: ReadonlyArray<PbtMember>, ids: ReadonlyArray<TrialId>): PbtMember[] =>
  ms.filter((x) => !ids.includes(x.id));

/** Ray's `_quantiles`: ascending by score (stable), k = ⌈N·q⌉ capped at ⌊N/2⌋, none when N <= 1. */
const quantiles = (
  ms: ReadonlyArray<PbtMember>,
  q: number,
): readonly [ReadonlyArray<PbtMember>, ReadonlyArray<PbtMember>] => {
  const sorted = [...ms].sort((a, b) => (a.ready?.score ?? 0) - (b.ready?.score ?? 0));
  const n = sorted.length;
  if (n <= 1) return [[], []];
  let k = Math.ceil(n * q);
  if (k > n / 2) k = Math.floor(n / 2);
  return [sorted.slice(0, k), sorted.slice(n - k)];
};

/**
 * Population Based Training as a pure policy (Jaderberg et al. 2017; Ray's semantics, ALGORITHMS.md §9).
 * Time is `report.step`. At a member's ready point (every `perturbationInterval` steps after `burnIn`)
 * its score is recorded; members are ranked on these (stale) scores; a member in the bottom quantile
 * is replaced by a `Fork`: its run ends, and a child trial starts from a uniformly chosen top member's
 * newest checkpoint, at that checkpoint's step, with that member's config explored by {@link perturb}.
 * Only a top member whose newest checkpoint is at or after its own ready step can be a parent (so a
 * member that reported its score without a checkpoint is never cloned); with no such member the
 * bottom member just continues. Ray picks any top member and skips the exploit if it has no checkpoint.
 *
 * Asynchronous (default): each member is judged at its own ready points, against the others' last
 * recorded scores; only the reporting member can be replaced. Synchronous: a member reaching the next
 * interval step pauses (`Pause`) until `population` members have joined and every live member has
 * reached it; then the bottom members are forked (a paused one is also `Stop`ped: it is replaced), then
 * the others resumed (`Promote`, best first), and the next interval is max(previous + interval, newest
 * ready step).
 * Randomness (parent choice, mutations) comes from `derive(study.seed, 'pbt')`, kept in the state.
 *
 * @example
 * ```ts
 * const policy = pbtPolicy({ perturbationInterval: 5, mutations: { lr: float(1e-4, 1e-1, { log: true }) } });
 * study({ space, objective, budget: { trials: 8 }, concurrency: 8 },
 *   pipe(sampleWith(randomSampler()), trainWith(trainer), fromPolicy(policy)));
 * ```
 * @throws InvalidOptionsError for bad options (named field and value).
 */
export const pbtPolicy = (options: PbtOptions = {}): Policy<PbtState> => {
  const o: Resolved = validatePbtOptions(options);
  const maxOf = (m: PbtMember): number | undefined => o.maxStep ?? m.budget;
  const finishing = (m: PbtMember, step: number): boolean => {
    const max = maxOf(m);
    return max !== undefined && step >= max;
  };
  const canParent = (u: PbtMember): boolean =>
    u.checkpoint !== undefined &&
    u.ready !== undefined &&
    u.checkpoint.step >= u.ready.step &&
    !finishing(u, u.checkpoint.step);

  // The exploit + explore of one bottom member: a Fork from an eligible top member, or nothing.
  const exploit = (
    s: PbtState,
    lower: PbtMember,
    upper: ReadonlyArray<PbtMember>,
  ): [PbtState, Decision | undefined] => {
    const eligible = upper.filter(canParent);
    if (eligible.length === 0) return [s, undefined];
    const [u, rng1] = withRng(s.rng, (next) => eligible[intBelow(next, eligible.length)] as PbtMember);
    const ck = u.checkpoint as NonNullable<PbtMember['checkpoint']>;
    let explorerState = s.explorer;
    let config: Config;
    let mutation: MutationRecord;
    let rng2: RngState;
    if (o.explorer) {
      const ready = u.ready as NonNullable<PbtMember['ready']>;
      [config, mutation, rng2, explorerState] = o.explorer.explore(
        s.explorer,
        {
          parent: { id: u.id, config: u.config, step: ready.step, score: ready.score },
          checkpointStep: ck.step,
          replaced: lower.id,
        },
        rng1,
      );
    } else
      [config, mutation, rng2] = perturb(u.config, o.mutations, rng1, {
        resampleProbability: o.resampleProbability,
        perturbationFactors: o.perturbationFactors,
        clip: o.clip,
        ...(o.explore ? { explore: o.explore } : {}),
      });
    const budget = o.maxStep ?? u.budget;
    const d = fork({
      replaced: lower.id,
      parent: u.id,
      step: ck.step,
      checkpoint: ck.ref,
      config,
      mutation,
      ...(budget !== undefined ? { budget } : {}),
    });
    return [
      {
        ...s,
        rng: rng2,
        ...(o.explorer ? { explorer: explorerState } : {}),
        members: without(s.members, [lower.id]),
        expected: [...s.expected, { parent: u.id, step: ck.step, lastPerturbation: u.lastPerturbation }],
      },
      d,
    ];
  };

  const onStarted = (s: PbtState, t: Trial): PbtState => {
    const known = s.members.find((m) => m.id === t.id);
    if (known) return { ...s, members: replace(s.members, { ...known, config: t.config, paused: false }) };
    const fresh = t.segment === 0 && t.lineage.length === 0;
    let lastPerturbation = t.startStep;
    let expected = s.expected;
    if (!fresh && t.segment === 0) {
      const parent = t.lineage[t.lineage.length - 1];
      const i = expected.findIndex((x) => x.parent === parent && x.step === t.startStep);
      if (i >= 0) {
        lastPerturbation = (expected[i] as (typeof expected)[number]).lastPerturbation;
        expected = [...expected.slice(0, i), ...expected.slice(i + 1)];
      }
    }
    const m: PbtMember = {
      id: t.id,
      config: t.config,
      ...(t.budget !== undefined ? { budget: t.budget } : {}),
      lastStep: t.startStep,
      ...(t.resumeFrom !== undefined ? { checkpoint: { step: t.startStep, ref: t.resumeFrom } } : {}),
      lastPerturbation,
      paused: false,
    };
    const next = { ...s, members: [...s.members, m], expected, joined: fresh ? s.joined + 1 : s.joined };
    return o.explorer?.started ? { ...next, explorer: o.explorer.started(s.explorer, t) } : next;
  };

  // Synchronous mode: can the current interval be released (everyone has reached it)?
  const allReached = (s: PbtState, except?: TrialId): boolean =>
    (o.population === undefined || s.joined >= o.population) &&
    s.members.every((m) => m.id === except || m.lastStep >= s.nextSync);

  const release = (s0: PbtState, trigger?: TrialId): PolicyStep<PbtState> => {
    const parts = s0.members.filter((m) => m.ready?.round === s0.round);
    const [lower, upper] = quantiles(parts, o.quantileFraction);
    const middle = parts.filter((m) => !lower.includes(m) && !upper.includes(m));
    const decisions: Decision[] = [];
    let s = s0;
    const resume = (m: PbtMember): void => {
      if (!m.paused || m.id === trigger) return;
      decisions.push(promote(m.id, s0.round, maxOf(m) ?? Number.MAX_SAFE_INTEGER));
      s = { ...s, members: replace(s.members, { ...m, paused: false }) };
    };
    // Forks first: a resumed parent may finish in the same frame, and its checkpoint must already be
    // held by the fork (Ray resumes the top first because it saves checkpoints then; ours exist already).
    const unforked: PbtMember[] = [];
    for (const m of lower) {
      const [next, d] = exploit(s, m, upper);
      if (!d) {
        unforked.push(m);
        continue;
      }
      s = next;
      decisions.push(d);
      // A paused member has no run left to end: stop it so the study does not keep it as resumable.
      if (m.paused) decisions.push(stop(m.id, 'replaced by a PBT fork'));
    }
    for (const m of [...[...upper].reverse(), ...middle, ...unforked]) resume(m);
    // Ray: max(previous + interval, the newest ready step), so a straggler far ahead is not re-paused.
    const newest = Math.max(s0.nextSync, ...parts.map((m) => m.ready?.step ?? 0));
    return {
      state: { ...s, round: s0.round + 1, nextSync: Math.max(s0.nextSync + o.perturbationInterval, newest) },
      decisions,
    };
  };

  // Tells the explorer (if any) that a member reached a ready point.
  const readyFor = (s: PbtState, m: PbtMember, score: number): PbtState =>
    o.explorer?.ready
      ? { ...s, explorer: o.explorer.ready(s.explorer, { id: m.id, config: m.config, step: m.lastStep, score }) }
      : s;

  const onReported = (s0: PbtState, e: TrialReported): PolicyStep<PbtState> => {
    const m0 = s0.members.find((m) => m.id === e.trialId);
    if (!m0) return noDecision(s0);
    const t = e.report.step;
    const ck = e.report.checkpoint;
    const m1: PbtMember = { ...m0, lastStep: t, ...(ck !== undefined ? { checkpoint: { step: t, ref: ck } } : {}) };
    const s1 = { ...s0, members: replace(s0.members, m1) };
    if (t < o.burnIn) return noDecision(s1);
    if (finishing(m1, t)) {
      // A member at its last step is not perturbed; if the others wait only for it, release them now.
      const waiting = o.synchronous && t >= s1.nextSync && s1.members.some((m) => m.paused);
      return waiting && allReached(s1) ? release(s1) : noDecision(s1);
    }
    if (o.synchronous) {
      if (t < s1.nextSync) return noDecision(s1);
      const m = { ...m1, ready: { step: t, score: e.score, round: s1.round }, lastPerturbation: t };
      const s = readyFor({ ...s1, members: replace(s1.members, m) }, m, e.score);
      if (allReached(s, m.id)) return release(s, m.id);
      return {
        state: { ...s, members: replace(s.members, { ...m, paused: true }) },
        decisions: [pause(m.id, s.round)],
      };
    }
    if (t - m1.lastPerturbation < o.perturbationInterval) return noDecision(s1);
    const m = { ...m1, ready: { step: t, score: e.score, round: 0 }, lastPerturbation: t };
    const s = readyFor({ ...s1, members: replace(s1.members, m) }, m, e.score);
    const [lower, upper] = quantiles(
      s.members.filter((x) => x.ready !== undefined),
      o.quantileFraction,
    );
    if (!lower.some((x) => x.id === m.id)) return noDecision(s);
    const [next, d] = exploit(s, m, upper);
    return d ? { state: next, decisions: [d] } : noDecision(s);
  };

  const onEnded = (s0: PbtState, e: TrialEnded): PolicyStep<PbtState> => {
    if (!s0.members.some((m) => m.id === e.trialId)) return noDecision(s0);
    const s = { ...s0, members: without(s0.members, [e.trialId]) };
    // A member that ends while others wait at the interval may be the one they were waiting for.
    if (o.synchronous && s.members.some((m) => m.paused) && allReached(s)) return release(s);
    return noDecision(s);
  };

  return {
    name: 'pbt',
    init: (study) => ({
      rng: rngFromSeed(derive(study.seed, 'pbt')),
      members: [],
      expected: [],
      joined: 0,
      round: 0,
      nextSync: Math.max(o.perturbationInterval, o.burnIn),
      ...(o.explorer ? { explorer: o.explorer.init(study.seed) } : {}),
    }),
    step: (s, e) => {
      switch (e._tag) {
        case 'TrialStarted':
          return noDecision(onStarted(s, e.trial));
        case 'TrialReported':
          return onReported(s, e);
        case 'TrialEnded':
          return onEnded(s, e);
        default:
          return noDecision(s);
      }
    },
  };
};
