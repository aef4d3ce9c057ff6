import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { NEVER, from, identity, lastValueFrom, of, pipe, range, map, timer, concatMap, toArray } from 'rxjs';
import { float } from '../../lib/distribution.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { fromJsonLine, toJsonLine } from '../../lib/jsonLine.js';
import type { MetricReport } from '../../lib/metricReport.js';
import { ReplayDivergedError } from '../../lib/replayCoordinator.js';
import type { OnRunning } from '../../lib/replayCoordinator.js';
import { sameJson } from '../../lib/sameJson.js';
import type { Trial } from '../../lib/trial.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import type { StudyOptions } from '../../operators/study.js';
import { asha, fifo, hyperband, pbt, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler, tpeSampler } from '../../strategies/index.js';
import type { SchedulerOperator, TrialRun } from '../../lib/trialRun.js';
import type { StudyState } from '../../lib/studyState.js';
import type { OperatorFunction } from 'rxjs';

const space = { lr: float(0.01, 1, { log: true }), m: float(0, 1) };
type C = { lr: number; m: number };
const MAX = 9;

/**
 * A deterministic checkpointing trainer: the weight grows by lr per step (a resumed run loads it from
 * its checkpoint), so a run cut anywhere and resumed reports what an uninterrupted one does.
 * `async`: each report on its own macrotask (so several trials interleave).
 */
let calls = 0;
const trainer =
  (async: boolean, every = 1) =>
  (trial: Trial<C>): Observable<MetricReport> => {
    calls += 1;
    if (process.env['DBG']) console.log('call', trial.id, trial.segment, trial.startStep, trial.budget);
    const start = trial.startStep;
    let w = start === 0 || trial.resumeFrom === undefined ? 0 : (trial.resumeFrom as { w: number }).w;
    if (start > 0 && trial.resumeFrom === undefined) throw new Error('resumed without a checkpoint');
    const last = Math.min(MAX, trial.budget ?? MAX);
    const steps = range(start + 1, Math.max(0, last - start));
    const report = (step: number): MetricReport => {
      w += trial.config.lr * (1 + trial.config.m * Math.sin(step + trial.seed));
      const metrics = { loss: 1 / (1 + w) };
      return step % every === 0 ? { step, metrics, checkpoint: { w } } : { step, metrics };
    };
    return async ? steps.pipe(concatMap((s) => timer(0).pipe(map(() => report(s))))) : steps.pipe(map(report));
  };

interface Case {
  readonly name: string;
  readonly sampler: () => Parameters<typeof sampleWith>[0];
  readonly scheduler: () => SchedulerOperator;
  readonly concurrency: number;
  readonly budget: StudyOptions<typeof space>['budget'];
}

const options = (c: Case, extra: Partial<StudyOptions<typeof space>> = {}): StudyOptions<typeof space> => ({
  space,
  objective: { metric: 'loss', mode: 'min' },
  seed: 11,
  concurrency: c.concurrency,
  budget: c.budget ?? {},
  ...extra,
});
type Space = typeof space;
const pipeline = (c: Case, async: boolean): OperatorFunction<StudyState<Space>, TrialRun<C>> =>
  pipe(sampleWith(c.sampler())<Space>, trainWith<C>(trainer(async)), c.scheduler());

const journaled = (events: ReadonlyArray<TrialEvent>): TrialEvent[] =>
  events.map((e) => fromJsonLine(toJsonLine(e), 'journal') as TrialEvent);

const runAll = (c: Case, async: boolean, extra: Partial<StudyOptions<typeof space>> = {}) =>
  lastValueFrom(study(options(c, extra), pipeline(c, async)).pipe(toArray())) as Promise<TrialEvent[]>;

/** Completed trials with their reports: what the guarantee is about. */
const completed = (events: ReadonlyArray<TrialEvent>) => {
  const reports = new Map<string, [number, number][]>();
  const configs = new Map<string, unknown>();
  const out: unknown[] = [];
  for (const e of events) {
    if (e._tag === 'TrialStarted') configs.set(e.trial.id, e.trial.config);
    if (e._tag === 'TrialReported')
      reports.set(e.trialId, [...(reports.get(e.trialId) ?? []), [e.report.step, e.score]]);
    if (e._tag === 'TrialEnded' && e.outcome === 'completed')
      out.push({ id: e.trialId, config: configs.get(e.trialId), reports: reports.get(e.trialId) });
  }
  return out;
};

const cutPoints = (n: number, count: number): number[] => {
  const k = Math.max(1, Math.floor(n / count));
  const cuts: number[] = [];
  for (let i = 1; i < n; i += k) cuts.push(i);
  return [...cuts, n];
};

const sequential: Case[] = [
  {
    name: 'random + fifo',
    sampler: () => randomSampler(),
    scheduler: () => fifo(),
    concurrency: 1,
    budget: { trials: 6 },
  },
  {
    name: 'tpe + fifo',
    sampler: () => tpeSampler({ nStartupTrials: 3 }),
    scheduler: () => fifo(),
    concurrency: 1,
    budget: { trials: 8 },
  },
  {
    name: 'tpe + asha (promotion form)',
    sampler: () => tpeSampler({ nStartupTrials: 3 }),
    scheduler: () => asha({ minStep: 1, maxStep: MAX, reductionFactor: 3, mode: 'promote' }),
    concurrency: 1,
    budget: { trials: 10 },
  },
  {
    name: 'random + asha (stop form)',
    sampler: () => randomSampler(),
    scheduler: () => asha({ minStep: 1, maxStep: MAX, reductionFactor: 3 }),
    concurrency: 1,
    budget: { trials: 8 },
  },
  {
    name: 'random + hyperband',
    sampler: () => randomSampler(),
    scheduler: () => hyperband({ minStep: 1, maxStep: MAX, reductionFactor: 3 }),
    concurrency: 1,
    budget: { trials: 10 },
  },
];

describe('study({ replay }) with concurrency 1', () => {
  for (const c of sequential)
    it(`${c.name}: resumed at any event, the events equal an uninterrupted run's`, async () => {
      const full = await runAll(c, false);
      const log = journaled(full);
      if (process.env['DBG'])
        console.log(
          log
            .map((e) => toJsonLine(e))
            .slice(0, 8)
            .join('\n'),
        );
      for (const cut of cutPoints(log.length, 25)) {
        if (process.env['DBG']) console.log('cut', cut);
        calls = 0;
        const resumed = await runAll(c, false, { replay: log.slice(0, cut) });
        assert.ok(sameJson(resumed, full), `cut at ${cut}/${log.length}: ${firstDifference(resumed, full)}`);
        // The journal's runs are replayed, not trained again: only what was running or came after.
        const prefix = log.slice(0, cut);
        const segments = (es: ReadonlyArray<TrialEvent>) => es.filter((e) => e._tag === 'TrialStarted').length;
        // At most the one trial running at the cut is trained again (it may also end in the cut cascade).
        const again = calls - (segments(full) - segments(prefix));
        assert.ok(again === 0 || again === 1, `cut at ${cut}: ${again} journaled runs trained again`);
        if (cut === log.length) assert.equal(calls, 0, 'a complete journal is replayed without training');
      }
    });

  it('resume from a checkpoint older than the last journaled report: the reports in between are not repeated', async () => {
    const c = sequential[1] as Case;
    const run = (extra: Partial<StudyOptions<typeof space>> = {}) =>
      lastValueFrom(
        study(
          options(c, extra),
          pipe(sampleWith(c.sampler())<Space>, trainWith<C>(trainer(false, 3)), c.scheduler()),
        ).pipe(toArray()),
      ) as Promise<TrialEvent[]>;
    const full = await run();
    const log = journaled(full);
    for (const cut of cutPoints(log.length, 30)) {
      const resumed = await run({ replay: log.slice(0, cut) });
      assert.ok(sameJson(resumed, full), `cut at ${cut}: ${firstDifference(resumed, full)}`);
    }
  });

  it('restart: trials running at the cut start over with the same config and seed and repeat no report', async () => {
    const c = sequential[2] as Case;
    const full = await runAll(c, false);
    const log = journaled(full);
    for (const cut of cutPoints(log.length, 15)) {
      const resumed = await runAll(c, false, { replay: log.slice(0, cut), onRunning: 'restart' });
      assert.ok(sameJson(resumed, full), `cut at ${cut}: ${firstDifference(resumed, full)}`);
    }
  });

  it('fail: trials running at the cut end failed (TrialInterrupted), the study goes on', async () => {
    const c = sequential[1] as Case;
    const full = await runAll(c, false);
    const log = journaled(full);
    const cut = log.findIndex((e) => e._tag === 'TrialReported' && e.trialId === '2') + 1;
    const resumed = await runAll(c, false, {
      replay: log.slice(0, cut),
      onRunning: 'fail' as OnRunning,
      failFast: false,
    });
    const end = resumed.slice(cut).find((e) => e._tag === 'TrialEnded');
    assert.deepEqual(end && end._tag === 'TrialEnded' ? [end.trialId, end.outcome, end.error?.name] : undefined, [
      '2',
      'failed',
      'TrialInterrupted',
    ]);
    assert.equal(resumed.filter((e) => e._tag === 'TrialStarted').length, 8, 'the trial budget is still spent');
  });

  it('an empty replay is a fresh study', async () => {
    const c = sequential[0] as Case;
    assert.ok(sameJson(await runAll(c, false, { replay: [] }), await runAll(c, false)));
  });
});

describe('study({ replay }) with concurrency 3 and real timers', () => {
  const cases: Case[] = [
    {
      name: 'tpe + asha (promotion form)',
      sampler: () => tpeSampler({ nStartupTrials: 3 }),
      scheduler: () => asha({ minStep: 1, maxStep: MAX, reductionFactor: 3, mode: 'promote' }),
      concurrency: 3,
      budget: { trials: 9 },
    },
    {
      name: 'random + hyperband',
      sampler: () => randomSampler(),
      scheduler: () => hyperband({ minStep: 1, maxStep: MAX, reductionFactor: 3 }),
      concurrency: 3,
      budget: { trials: 9 },
    },
    {
      name: 'random + pbt (synchronous)',
      sampler: () => randomSampler(),
      scheduler: () =>
        pbt({
          population: 3,
          perturbationInterval: 3,
          maxStep: MAX,
          synchronous: true,
          mutations: { lr: float(0.01, 1, { log: true }) },
        }),
      concurrency: 3,
      budget: { trials: 3 },
    },
  ];
  for (const c of cases)
    it(`${c.name}: resumed at any event, no completed trial is lost or duplicated and the study completes`, async () => {
      const full = await runAll(c, true);
      const log = journaled(full);
      for (const cut of cutPoints(log.length, 12)) {
        const resumed = await runAll(c, true, { replay: log.slice(0, cut) });
        assert.ok(sameJson(resumed.slice(0, cut), log.slice(0, cut)), `cut ${cut}: the prefix is replayed as is`);
        const ids = resumed.flatMap((e) => (e._tag === 'TrialEnded' && e.outcome === 'completed' ? [e.trialId] : []));
        assert.equal(new Set(ids).size, ids.length, `cut ${cut}: a trial completed twice`);
        const before = log
          .slice(0, cut)
          .flatMap((e) => (e._tag === 'TrialEnded' && e.outcome === 'completed' ? [e.trialId] : []));
        for (const id of before) assert.ok(ids.includes(id), `cut ${cut}: trial ${id} was lost`);
        const started = resumed.filter(
          (e) => e._tag === 'TrialStarted' && e.trial.segment === 0 && e.trial.lineage.length === 0,
        );
        assert.equal(started.length, c.budget?.trials, `cut ${cut}: the study completes its budget`);
        const open = new Set<string>();
        for (const e of resumed) {
          if (e._tag === 'TrialStarted') open.add(e.trial.id);
          if (e._tag === 'TrialEnded') open.delete(e.trialId);
        }
        assert.equal(open.size, 0, `cut ${cut}: every trial ended`);
      }
    });
});

describe('study({ replay }): budgets, stops and config sources', () => {
  it('a step budget: the budget stops are regenerated, the resumed run equals the uninterrupted one', async () => {
    const c: Case = { ...(sequential[1] as Case), budget: { steps: 30 } };
    const full = await runAll(c, true);
    assert.ok(
      full.some((e) => e._tag === 'TrialDecided' && e.decision._tag === 'Stop'),
      'the budget stopped a trial',
    );
    const log = journaled(full);
    for (const cut of cutPoints(log.length, 15)) {
      const resumed = await runAll(c, true, { replay: log.slice(0, cut) });
      assert.ok(sameJson(resumed, full), `cut at ${cut}: ${firstDifference(resumed, full)}`);
    }
  });

  it('a journal that was stopped (DeadlineReached) ends the resumed study at the same event', async () => {
    const c: Case = { ...(sequential[2] as Case), budget: { trials: 50 } };
    const full = await runAll(c, true, { stopOn: timer(40) });
    const at = full.findIndex((e) => e._tag === 'DeadlineReached');
    assert.ok(at > 0 && at < full.length - 1, 'stopped while trials ran');
    const log = journaled(full);
    for (let cut = at + 1; cut <= log.length; cut += 1) {
      const resumed = await runAll(c, true, { replay: log.slice(0, cut), stopOn: NEVER });
      assert.ok(sameJson(resumed, full), `cut at ${cut}: ${firstDifference(resumed, full)}`);
    }
  });

  it('an Observable config source skips the configs the journal used', async () => {
    const configs = Array.from({ length: 6 }, (_, i) => ({ lr: 0.05 * (i + 1), m: i / 6 }));
    const c: Case = { ...(sequential[0] as Case), sampler: () => from(configs), budget: {} };
    const full = await runAll(c, false);
    const log = journaled(full);
    for (const cut of cutPoints(log.length, 10)) {
      const resumed = await runAll(c, false, { replay: log.slice(0, cut) });
      assert.ok(sameJson(resumed, full), `cut at ${cut}: ${firstDifference(resumed, full)}`);
    }
  });
});

describe('study({ replay }) refuses a journal of another study', () => {
  const c = sequential[0] as Case;
  it('names the header field that differs', async () => {
    const log = journaled(await runAll(c, false));
    assert.throws(
      () => study(options(c, { seed: 12, replay: log }), pipeline(c, false)),
      (e: unknown) => e instanceof InvalidOptionsError && /journal's seed is 11, the study's is 12/.test(e.message),
    );
    assert.throws(
      () => study(options(c, { concurrency: 2, replay: log }), pipeline(c, false)),
      (e: unknown) => e instanceof InvalidOptionsError && /concurrency/.test(e.message),
    );
    assert.throws(
      () =>
        study({ ...options(c, { replay: log }), space: { lr: float(0.01, 2), m: float(0, 1) } }, pipeline(c, false)),
      (e: unknown) => e instanceof InvalidOptionsError && /journal's space/.test(e.message),
    );
  });

  it('errors with ReplayDivergedError naming the event and line when the journal was edited', async () => {
    const log = journaled(await runAll(c, false));
    const i = log.findIndex((e) => e._tag === 'TrialStarted' && e.trial.id === '2');
    const edited = log.map((e, j) =>
      j === i && e._tag === 'TrialStarted' ? { ...e, trial: { ...e.trial, config: { lr: 0.5, m: 0.5 } } } : e,
    );
    await assert.rejects(
      runAll(c, false, { replay: edited }),
      (e: unknown) => e instanceof ReplayDivergedError && e.info.index === i && /journal line/.test(e.message),
    );
  });

  it('errors with ReplayDivergedError when the pipeline does not reproduce a decision', async () => {
    const d = sequential[3] as Case;
    const log = journaled(await runAll(d, false));
    const withoutScheduler: Case = { ...d, scheduler: () => identity as SchedulerOperator };
    await assert.rejects(runAll(withoutScheduler, false, { replay: log }), ReplayDivergedError);
  });
});

const firstDifference = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): string => {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1)
    if (!sameJson(a[i], b[i])) return `event ${i}: got ${toJsonLine(a[i])}, expected ${toJsonLine(b[i])}`;
  return 'equal';
};

void of;
void completed;
