import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { MetricReportCodec } from './metricReport.js';
import { spaceProblems } from './searchSpace.js';
import type { SearchSpace } from './searchSpace.js';
import type { TrialEvent } from './trialEvent.js';
import { decodeProblems } from './decodeProblems.js';
import { DecodeError } from './errors.js';

const SeedCodec = t.union([t.string, t.number], 'Seed');
const ChoiceCodec = t.union([t.string, t.number, t.boolean], 'Choice');
const ObjectiveCodec = t.type({ metric: t.string, mode: t.keyof({ min: null, max: null }) }, 'Objective');
const ErrorInfoCodec = t.type({ name: t.string, message: t.string }, 'ErrorInfo');

/** A search space at a boundary: plain data, checked by the same rules as a space built in code. */
const SpaceCodec = new t.Type<SearchSpace, SearchSpace, unknown>(
  'SearchSpace',
  (u): u is SearchSpace => spaceProblems(u).length === 0,
  (u, c) => {
    const p = spaceProblems(u);
    return p.length === 0 ? t.success(u as SearchSpace) : t.failure(u, c, p.join('; '));
  },
  t.identity,
);

/** io-ts codec of a trial (config values are the space's choices and numbers; the checkpoint is opaque). */
export const TrialCodec = t.intersection(
  [
    t.type({
      id: t.string,
      number: t.number,
      config: t.record(t.string, ChoiceCodec),
      seed: t.number,
      segment: t.number,
      startStep: t.number,
      lineage: t.array(t.string),
      study: t.type({ seed: SeedCodec, objective: ObjectiveCodec }),
    }),
    t.partial({ budget: t.number, resumeFrom: t.unknown }),
  ],
  'Trial',
);

const MutationCodec = t.union(
  [
    t.type({ _tag: t.literal('Resampled'), from: ChoiceCodec, to: ChoiceCodec }),
    t.type({ _tag: t.literal('Scaled'), factor: t.number, from: t.number, to: t.number }),
    t.type({ _tag: t.literal('Shifted'), by: t.number, from: ChoiceCodec, to: ChoiceCodec }),
    t.type({ _tag: t.literal('Custom'), from: t.unknown, to: t.unknown }),
  ],
  'ParamMutation',
);

const DecisionCodec = t.union(
  [
    t.intersection([
      t.type({ _tag: t.literal('Stop'), trialId: t.string, reason: t.string }),
      t.partial({ rung: t.number }),
    ]),
    t.type({ _tag: t.literal('Pause'), trialId: t.string, rung: t.number }),
    t.type({ _tag: t.literal('Promote'), trialId: t.string, rung: t.number, budget: t.number }),
    t.intersection([
      t.type({
        _tag: t.literal('Fork'),
        replaced: t.string,
        parent: t.string,
        step: t.number,
        checkpoint: t.unknown,
        config: t.record(t.string, ChoiceCodec),
        mutation: t.record(t.string, MutationCodec),
      }),
      t.partial({ budget: t.number }),
    ]),
  ],
  'Decision',
);

const CostBudgetCodec = t.intersection([t.type({ total: t.number }), t.partial({ metric: t.string })], 'CostBudget');
const BudgetCodec = t.partial(
  { trials: t.number, steps: t.number, deadline: t.number, cost: CostBudgetCodec },
  'Budget',
);

const BRANCHES = {
  StudyStarted: t.type({
    _tag: t.literal('StudyStarted'),
    seed: SeedCodec,
    objective: ObjectiveCodec,
    concurrency: t.number,
    budget: BudgetCodec,
    space: SpaceCodec,
  }),
  TrialStarted: t.type({ _tag: t.literal('TrialStarted'), trial: TrialCodec }),
  TrialReported: t.type({
    _tag: t.literal('TrialReported'),
    trialId: t.string,
    report: MetricReportCodec,
    score: t.number,
  }),
  TrialDecided: t.type({ _tag: t.literal('TrialDecided'), decision: DecisionCodec }),
  TrialEnded: t.intersection([
    t.type({
      _tag: t.literal('TrialEnded'),
      trialId: t.string,
      outcome: t.keyof({ completed: null, stopped: null, paused: null, failed: null }),
    }),
    t.partial({ error: ErrorInfoCodec }),
  ]),
  DeadlineReached: t.type({ _tag: t.literal('DeadlineReached'), at: t.number }),
} as const;
type Tag = keyof typeof BRANCHES;
const TAGS = Object.keys(BRANCHES) as Tag[];

/**
 * io-ts codec of every {@link TrialEvent}: what a journal line holds. Decoding checks each field's type
 * (numbers may be NaN or ±Infinity: a journal keeps them), and a `StudyStarted` space by the same rules
 * as `validateSpace`.
 *
 * @example
 * ```ts
 * const r = TrialEventCodec.decode(fromJsonLine(line));
 * ```
 */
export const TrialEventCodec = t.union(
  [
    BRANCHES.StudyStarted,
    BRANCHES.TrialStarted,
    BRANCHES.TrialReported,
    BRANCHES.TrialDecided,
    BRANCHES.TrialEnded,
    BRANCHES.DeadlineReached,
  ],
  'TrialEvent',
) as unknown as t.Type<TrialEvent, TrialEvent, unknown>;

/**
 * Decodes one event, or throws a `DecodeError` naming `where` and each bad field of the event type
 * the record claims to be (its `_tag`).
 *
 * @example
 * ```ts
 * decodeTrialEvent(fromJsonLine(line), 'study.jsonl line 12');
 * ```
 * @throws DecodeError
 */
export const decodeTrialEvent = (value: unknown, where: string): TrialEvent => {
  const tag = typeof value === 'object' && value !== null ? (value as { _tag?: unknown })._tag : undefined;
  if (typeof tag !== 'string' || !Object.hasOwn(BRANCHES, tag))
    throw new DecodeError(where, [`_tag: ${JSON.stringify(tag) ?? 'undefined'} is not one of ${TAGS.join(', ')}`]);
  const d = (BRANCHES[tag as Tag] as t.Type<unknown, unknown, unknown>).decode(value);
  if (isLeft(d)) throw new DecodeError(where, decodeProblems(d.left));
  return d.right as TrialEvent;
};
