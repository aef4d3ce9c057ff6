import type { Observable, Subscriber } from 'rxjs';
import { Observable as Obs, asapScheduler } from 'rxjs';
import { endedBy } from './decision.js';
import type { TrialId } from './trial.js';
import type { ReplayHandle } from './studyState.js';
import type { DeadlineReached, StudyStarted, TrialEvent, TrialStarted } from './trialEvent.js';
import { InvalidOptionsError, show } from './errors.js';
import { fromJsonLine, toJsonLine } from './jsonLine.js';
import { sameJson } from './sameJson.js';

/** What happens to trials that were running when the replayed journal ends (the process died). */
export type OnRunning = 'resume' | 'restart' | 'fail';

/**
 * The resumed study did not reproduce its journal: the pipeline, the sampler, a scheduler or the
 * trainer is not the one that wrote it (or the journal was edited). `info.index` is the event's index;
 * the journal line is `index + 1` (the header carries event 0).
 *
 * @example
 * ```ts
 * study({ ...options, replay: journal.events }, otherPipeline); // errors with ReplayDivergedError
 * ```
 */
export class ReplayDivergedError extends Error {
  override readonly name = 'ReplayDivergedError';
  readonly info: { readonly index: number; readonly expected: string; readonly got: string };
  constructor(index: number, expected: string, got: string) {
    super(
      `replay: event ${index} (journal line ${index + 1}) was ${expected}, the study produced ${got}: resume with the same pipeline, sampler, schedulers and trainer that wrote the journal`,
    );
    this.info = { index, expected, got };
  }
}

/** One note of a replayed trial's run: a journaled event, or the end of the journal with the run still going. */
export type ReplayNote =
  | { readonly _tag: 'Event'; readonly event: TrialEvent }
  | {
      readonly _tag: 'Live';
      /** The newest checkpoint the journal holds for this segment. */
      readonly checkpoint?: { readonly step: number; readonly ref: unknown };
      /** The newest step the journal holds for this segment (reports up to it are not repeated). */
      readonly lastStep?: number;
    };

/**
 * One study subscription's replay of a journal prefix (see `study`'s `replay` option): it releases the
 * prefix's source events one at a time (trial starts through `sampleWith`, reports and trainer ends
 * through the trial's replay run, a deadline through the study), checks that what the study emits is
 * the prefix, event by event, and then lets the study go live.
 */
export interface ReplayCoordinator extends ReplayHandle {
  readonly onRunning: OnRunning;
  /** The replayed run of a trial that `sampleWith` started from the journal. */
  run(id: TrialId): Observable<ReplayNote>;
  /** True when the prefix holds a `DeadlineReached` (the study must listen to {@link deadline$}). */
  readonly hasDeadline: boolean;
  /** Emits the journal's `DeadlineReached` when the replay reaches it. */
  readonly deadline$: Observable<DeadlineReached>;
  /** Checks one event the study emitted against the prefix; throws `ReplayDivergedError`. */
  check(e: TrialEvent): void;
  /** Errors with a divergence found between events (an event that never came); completes when live. */
  readonly failures$: Observable<never>;
}

/** The `error.name`s of the ends a journal writer records for trials still running when the study stopped. */
export const INTERRUPTED_RUN_NAMES: ReadonlyArray<string> = ['StudyUnsubscribed', 'StudyErrored', 'JournalError'];

/**
 * True for a `TrialEnded` that a journal writer added because the study stopped (unsubscribed, errored)
 * while the trial ran: not an event of the study. A resumed study treats that trial as running at the
 * cut (see `onRunning`), like one a crash interrupted.
 *
 * @example
 * ```ts
 * interruptedRunEnd(trialEnded('3', 'stopped', { name: 'StudyUnsubscribed', message: '…' })); // true
 * ```
 */
export const interruptedRunEnd = (e: TrialEvent): boolean =>
  e._tag === 'TrialEnded' &&
  e.outcome === 'stopped' &&
  e.error !== undefined &&
  INTERRUPTED_RUN_NAMES.includes(e.error.name);

const describe = (e: TrialEvent | undefined): string => {
  if (e === undefined) return 'nothing';
  switch (e._tag) {
    case 'TrialStarted':
      return `TrialStarted(${e.trial.id}, segment ${e.trial.segment}, config ${show(e.trial.config)})`;
    case 'TrialReported':
      return `TrialReported(${e.trialId}, step ${e.report.step})`;
    case 'TrialDecided':
      return `TrialDecided(${e.decision._tag} ${endedBy(e.decision) ?? show(e.decision)})`;
    case 'TrialEnded':
      return `TrialEnded(${e.trialId}, ${e.outcome}${e.error ? `: ${e.error.name}` : ''})`;
    case 'DeadlineReached':
      return 'DeadlineReached';
    case 'StudyStarted':
      return 'StudyStarted';
  }
};

/**
 * Which events of a prefix the pipeline regenerates by itself (decisions, and the ends they cause):
 * the coordinator releases the others.
 */
const derivedFlags = (prefix: ReadonlyArray<TrialEvent>): boolean[] => {
  const decided = new Set<TrialId>();
  return prefix.map((e) => {
    if (interruptedRunEnd(e)) return false;
    switch (e._tag) {
      case 'TrialDecided': {
        const target = endedBy(e.decision);
        if (target !== undefined) decided.add(target);
        return true;
      }
      case 'TrialStarted':
        decided.delete(e.trial.id);
        return false;
      case 'TrialEnded': {
        const derived = decided.has(e.trialId);
        decided.delete(e.trialId);
        return derived;
      }
      default:
        return false;
    }
  });
};

const HEADER_FIELDS = ['seed', 'objective', 'space', 'concurrency', 'budget'] as const;

/**
 * Checks that a journal prefix belongs to the study about to run: its first event is a `StudyStarted`
 * with the same seed, objective, space, concurrency and budget.
 *
 * @example
 * ```ts
 * checkReplayHeader(journal.events, studyStarted(init)); // InvalidOptionsError "replay: the journal's seed is 7, the study's is 8"
 * ```
 * @throws InvalidOptionsError naming the field that differs.
 */
export const checkReplayHeader = (prefix: ReadonlyArray<TrialEvent>, started: StudyStarted): void => {
  if (prefix.length === 0) return;
  const first = prefix[0] as TrialEvent;
  if (first._tag !== 'StudyStarted')
    throw new InvalidOptionsError('replay', [`the first event must be StudyStarted, got ${first._tag}`]);
  for (const field of HEADER_FIELDS) {
    // The study's side as the journal would hold it (JSON, with NaN and ±Infinity kept).
    const mine = fromJsonLine(toJsonLine(started[field] ?? null), 'study');
    if (!sameJson(first[field], mine))
      throw new InvalidOptionsError('replay', [
        `the journal's ${field} is ${toJsonLine(first[field])}, the study's is ${toJsonLine(started[field])}: resume with the options that wrote the journal`,
      ]);
  }
};

/**
 * A coordinator for one subscription of a study resumed from `prefix` (see {@link ReplayCoordinator}).
 *
 * @example
 * ```ts
 * const replay = replayCoordinator(journal.events, 'resume');
 * ```
 */
export const replayCoordinator = (prefix: ReadonlyArray<TrialEvent>, onRunning: OnRunning): ReplayCoordinator => {
  const derived = derivedFlags(prefix);
  // Ends a journal writer added when an earlier run stopped: skipped, so those trials resume.
  const skipped = prefix.map(interruptedRunEnd);
  let cursor = 0;
  const settle = (): void => {
    while (skipped[cursor] === true) cursor += 1;
  };
  let finished = prefix.length === 0;
  let failed = false;
  let released = -1;
  let pumping = false;
  let startTrial: ((e: TrialStarted, index: number) => void) | undefined;
  let goLive: (() => void) | undefined;
  let deadline: Subscriber<DeadlineReached> | undefined;
  const runs = new Map<TrialId, Subscriber<ReplayNote>>();
  // The newest checkpoint and step each running segment holds in the prefix.
  const progress = new Map<TrialId, { checkpoint?: { step: number; ref: unknown }; lastStep?: number }>();
  let error: ((e: unknown) => void) | undefined;

  let done: (() => void) | undefined;
  const fail = (err: unknown): void => {
    failed = true;
    if (error) error(err);
    else throw err;
  };

  const pump = (): void => {
    pumping = false;
    if (failed || finished) return;
    settle();
    if (cursor >= prefix.length) {
      finished = true;
      for (const [id, s] of [...runs]) {
        const p = progress.get(id) ?? {};
        s.next({
          _tag: 'Live',
          ...(p.checkpoint === undefined ? {} : { checkpoint: p.checkpoint }),
          ...(p.lastStep === undefined ? {} : { lastStep: p.lastStep }),
        });
      }
      runs.clear();
      done?.();
      goLive?.();
      return;
    }
    const e = prefix[cursor] as TrialEvent;
    if (derived[cursor] || released === cursor)
      return fail(new ReplayDivergedError(cursor, describe(e), 'nothing more (the cascade ended without it)'));
    released = cursor;
    switch (e._tag) {
      case 'TrialStarted':
        if (!startTrial) return fail(new ReplayDivergedError(cursor, describe(e), 'no sampleWith to start it'));
        return startTrial(e, cursor);
      case 'TrialReported':
      case 'TrialEnded': {
        const s = runs.get(e.trialId);
        if (!s) return fail(new ReplayDivergedError(cursor, describe(e), `no running trial ${e.trialId}`));
        return s.next({ _tag: 'Event', event: e });
      }
      case 'DeadlineReached':
        if (!deadline) return fail(new ReplayDivergedError(cursor, describe(e), 'no deadline'));
        return deadline.next(e);
      case 'StudyStarted':
      case 'TrialDecided':
        return fail(new ReplayDivergedError(cursor, describe(e), 'nothing'));
    }
  };
  const schedule = (): void => {
    if (pumping) return;
    pumping = true;
    // asap: after everything the previous event caused (the queue trampoline drains synchronously).
    asapScheduler.schedule(pump);
  };

  const track = (e: TrialEvent): void => {
    if (e._tag === 'TrialStarted') progress.set(e.trial.id, {});
    else if (e._tag === 'TrialReported') {
      const p = progress.get(e.trialId);
      if (p) {
        p.lastStep = e.report.step;
        if (e.report.checkpoint !== undefined) p.checkpoint = { step: e.report.step, ref: e.report.checkpoint };
      }
    } else if (e._tag === 'TrialEnded') {
      progress.delete(e.trialId);
      runs.get(e.trialId)?.complete();
      runs.delete(e.trialId);
    }
  };

  return {
    onRunning,
    get finished() {
      return finished;
    },
    hasDeadline: prefix.some((e) => e._tag === 'DeadlineReached'),
    attachSampler(start, live) {
      startTrial = start;
      goLive = live;
    },
    run: (id) =>
      new Obs<ReplayNote>((s) => {
        runs.set(id, s);
        return () => {
          if (runs.get(id) === s) runs.delete(id);
        };
      }),
    deadline$: new Obs<DeadlineReached>((s) => {
      deadline = s;
      return () => {
        if (deadline === s) deadline = undefined;
      };
    }),
    failures$: new Obs<never>((s) => {
      if (finished) return s.complete();
      error = (err) => s.error(err);
      done = () => s.complete();
      return () => {
        error = undefined;
        done = undefined;
      };
    }),
    check(e) {
      if (finished || failed) return;
      settle();
      const expected = prefix[cursor];
      // Past the prefix: the rest of the cascade the journal was cut in (it is live).
      if (expected === undefined) return;
      if (!sameJson(expected, e)) {
        failed = true;
        throw new ReplayDivergedError(cursor, describe(expected), describe(e));
      }
      track(e);
      cursor += 1;
      schedule();
    },
  };
};

const REPLAYED = Symbol('rxhpo.replayed');

/**
 * Marks a trial that `sampleWith` started from a journal, so that `trainWith` replays its run instead
 * of calling the trainer. The mark is a non-enumerable symbol: it is not part of the trial's data.
 */
export const markReplayed = <T extends object>(trial: T, coordinator: ReplayHandle): T =>
  Object.defineProperty(trial, REPLAYED, { value: coordinator, enumerable: false });

/** The coordinator replaying this trial's run, if `sampleWith` started it from a journal. */
export const replayedBy = (trial: object): ReplayCoordinator | undefined =>
  (trial as { [REPLAYED]?: ReplayCoordinator })[REPLAYED];
