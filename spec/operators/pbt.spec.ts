import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, from, pipe } from 'rxjs';
import { float } from '../../lib/distribution.js';
import type { Config } from '../../lib/config.js';
import type { Fork } from '../../lib/decision.js';
import { fork, pause, promote } from '../../lib/decision.js';
import type { MetricReport } from '../../lib/metricReport.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { memoryCheckpointStore } from '../../lib/checkpointStore.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { fakeTrial, report } from '../../testing/fakeTrainer.js';
import type { TestScheduler } from 'rxjs/testing';
import { runsOf } from '../../testing/runsOf.js';
import { execute, pbt, retainCheckpoints, sampleWith, study, trainWith } from '../../operators/index.js';
import type { PbtOptions } from '../../strategies/index.js';
import { testScheduler } from '../helpers/timeline.js';
import type { RunLog } from '../helpers/resumableTrainer.js';
import { resumableTrainer } from '../helpers/resumableTrainer.js';

const trials = {
  A: fakeTrial('A', { lr: 0.1 }, { number: 0 }),
  B: fakeTrial('B', { lr: 0.2 }, { number: 1 }),
};
// A deterministic explore: never resample, always ×1.2.
const opts: PbtOptions = {
  perturbationInterval: 2,
  resampleProbability: 0,
  perturbationFactors: [1.2],
  mutations: { lr: float(0.01, 1) },
};
const r = (id: string, step: number, loss: number): MetricReport => report(step, { loss }, `${id}@${step}`);
const rep = (id: string, step: number, loss: number) => trialReported(id, r(id, step, loss), -loss);
/** A reports every 7 frames and is always better; B every 14 frames: the pair the sync/async specs share. */
const fastAslowB = (cold: TestScheduler['createColdObservable']) => ({
  A: cold('a 6ms b 6ms c 6ms d|', { a: r('A', 1, 0.5), b: r('A', 2, 0.4), c: r('A', 3, 0.3), d: r('A', 4, 0.2) }),
  B: cold('a 13ms b 13ms c 13ms d|', { a: r('B', 1, 0.9), b: r('B', 2, 0.8), c: r('B', 3, 0.7), d: r('B', 4, 0.6) }),
});

const childOfA = (step: number): Fork =>
  fork({
    replaced: 'B',
    parent: 'A',
    step,
    checkpoint: `A@${step}`,
    config: { lr: 0.1 * 1.2 },
    mutation: { lr: { _tag: 'Scaled', factor: 1.2, from: 0.1, to: 0.1 * 1.2 } },
  });

describe('pbt (operator, marbles)', () => {
  it('bad options throw InvalidOptionsError from the factory, naming the field', () => {
    assert.throws(() => pbt({ ...opts, quantileFraction: 0.75 }), /quantileFraction must be in \(0, 0.5\], got 0.75/);
    assert.throws(() => pbt({ ...opts, perturbationInterval: 0 }), InvalidOptionsError);
  });

  it('never: no runs, no output', () =>
    testScheduler().run(({ expectObservable }) => {
      expectObservable(pbt(opts)(NEVER).pipe(execute())).toBe('');
    }));

  it('empty: completes', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(runsOf({ cold }, '|', {}).pipe(pbt(opts), execute())).toBe('|');
    }));

  it('one member: nothing to compare with, its run passes through untouched', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('a 4ms b 4ms c|', { a: r('A', 1, 0.5), b: r('A', 2, 0.4), c: r('A', 3, 0.3) });
      const out = runsOf({ cold }, '(A|)', { A }, { trials }).pipe(pbt(opts), execute());
      expectObservable(out).toBe('(sa) 1ms b 4ms c (e|)', {
        s: trialStarted(trials.A),
        a: rep('A', 1, 0.5),
        b: rep('A', 2, 0.4),
        c: rep('A', 3, 0.3),
        e: trialEnded('A', 'completed'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 10ms !');
    }));

  it('many (async): the bottom member is forked in the frame of its ready report, and its trainer is cancelled on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('a 9ms b 9ms c 9ms d|', {
        a: r('A', 1, 0.5),
        b: r('A', 2, 0.4),
        c: r('A', 3, 0.3),
        d: r('A', 4, 0.2),
      });
      const B = cold('a 9ms b 9ms c 9ms d|', {
        a: r('B', 1, 0.9),
        b: r('B', 2, 0.8),
        c: r('B', 3, 0.7),
        d: r('B', 4, 0.6),
      });
      const out = runsOf({ cold }, '(AB|)', { A, B }, { trials }).pipe(pbt(opts), execute());
      // frame 10: A is ready first (alone: no ranking yet), then B is ready, ranks last, and is replaced by
      // a child of A at A's step-2 checkpoint; B's run ends on that frame.
      expectObservable(out).toBe('(wxyz) 4ms (abfe) 4ms c 9ms d (g|)', {
        w: trialStarted(trials.A),
        x: trialStarted(trials.B),
        y: rep('A', 1, 0.5),
        z: rep('B', 1, 0.9),
        a: rep('A', 2, 0.4),
        b: rep('B', 2, 0.8),
        f: trialDecided(childOfA(2)),
        e: trialEnded('B', 'stopped'),
        c: rep('A', 3, 0.3),
        d: rep('A', 4, 0.2),
        g: trialEnded('A', 'completed'),
      });
      expectSubscriptions(B.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(A.subscriptions).toBe('^ 30ms !');
    }));

  it('synchronous: the first member at the interval pauses (trainer cancelled) until the whole population is there', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { A, B } = fastAslowB(cold);
      const out = runsOf({ cold }, '(AB|)', { A, B }, { trials }).pipe(
        pbt({ ...opts, synchronous: true, population: 2, maxStep: 4 }),
        execute(),
      );
      // A reaches step 2 at frame 7 and waits paused; B reaches it at frame 14: B is forked, A (top) resumes.
      expectObservable(out).toBe('(wxyz) 1ms (apq) 2ms (bfue|)', {
        w: trialStarted(trials.A),
        x: trialStarted(trials.B),
        y: rep('A', 1, 0.5),
        z: rep('B', 1, 0.9),
        a: rep('A', 2, 0.4),
        p: trialDecided(pause('A', 0)),
        q: trialEnded('A', 'paused'),
        b: rep('B', 2, 0.8),
        u: trialDecided(promote('A', 0, 4)),
        f: trialDecided({ ...childOfA(2), budget: 4 }),
        e: trialEnded('B', 'stopped'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 6ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 13ms !');
    }));

  it('asynchronous with the same runs does not wait: A trains on, B is forked from A’s newest checkpoint', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { A, B } = fastAslowB(cold);
      const out = runsOf({ cold }, '(AB|)', { A, B }, { trials }).pipe(pbt(opts), execute());
      expectObservable(out).toBe('(wxyz) 1ms a 6ms (cbfe) 1ms d (g|)', {
        w: trialStarted(trials.A),
        x: trialStarted(trials.B),
        y: rep('A', 1, 0.5),
        z: rep('B', 1, 0.9),
        a: rep('A', 2, 0.4),
        c: rep('A', 3, 0.3),
        b: rep('B', 2, 0.8),
        f: trialDecided(childOfA(3)),
        e: trialEnded('B', 'stopped'),
        d: rep('A', 4, 0.2),
        g: trialEnded('A', 'completed'),
      });
      expectSubscriptions(A.subscriptions).toBe('^ 21ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 13ms !');
    }));

  it('source error: passes through and cancels every running trainer on that frame', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('a 9ms b|', { a: r('A', 1, 0.5), b: r('A', 2, 0.4) });
      const out = runsOf({ cold }, 'A 5ms #', { A }, { trials, error: new Error('upstream') }).pipe(
        pbt(opts),
        execute(),
      );
      expectObservable(out).toBe(
        '(sa) 2ms #',
        { s: trialStarted(trials.A), a: rep('A', 1, 0.5) },
        new Error('upstream'),
      );
      expectSubscriptions(A.subscriptions).toBe('^ 5ms !');
    }));

  it('early unsubscribe cancels every trainer on that frame', () =>
    testScheduler().run(({ cold, expectSubscriptions }) => {
      const A = cold('a 9ms b 9ms c|', { a: r('A', 1, 0.5), b: r('A', 2, 0.4), c: r('A', 3, 0.3) });
      const B = cold('a 9ms b 9ms c|', { a: r('B', 1, 0.9), b: r('B', 2, 0.8), c: r('B', 3, 0.7) });
      const sub = runsOf({ cold }, '(AB|)', { A, B }, { trials }).pipe(pbt(opts), execute()).subscribe();
      cold('-----a').subscribe(() => sub.unsubscribe());
      expectSubscriptions(A.subscriptions).toBe('^ 4ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 4ms !');
    }));

  it('a throwing custom explore errors the stream on the frame of the fork (a bug is never swallowed)', () =>
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const A = cold('a 9ms b 9ms c|', { a: r('A', 1, 0.5), b: r('A', 2, 0.4), c: r('A', 3, 0.3) });
      const B = cold('a 9ms b 9ms c|', { a: r('B', 1, 0.9), b: r('B', 2, 0.8), c: r('B', 3, 0.7) });
      const bad = pbt({
        ...opts,
        explore: () => {
          throw new Error('explore bug');
        },
      });
      const out = runsOf({ cold }, '(AB|)', { A, B }, { trials }).pipe(bad, execute());
      expectObservable(out).toBe(
        '(wxyz) 4ms (a#)',
        {
          w: trialStarted(trials.A),
          x: trialStarted(trials.B),
          y: rep('A', 1, 0.5),
          z: rep('B', 1, 0.9),
          a: rep('A', 2, 0.4),
        },
        new Error('explore bug'),
      );
      expectSubscriptions(A.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(B.subscriptions).toBe('^ 9ms !');
    }));
});

// ── end to end through study() in virtual time ──────────────────────────────────────────────────

const space = { lr: float(0.01, 1) };
const objective = { metric: 'loss', mode: 'min' } as const;
const configs: Config[] = [{ lr: 0.1 }, { lr: 0.2 }, { lr: 0.3 }, { lr: 0.4 }];

interface Run {
  readonly events: { frame: number; e: TrialEvent }[];
  readonly logs: RunLog[];
  readonly held: number;
  readonly peak: number;
  readonly completedAt?: number;
}

const runStudy = (
  options: PbtOptions,
  extra: {
    concurrency?: number;
    period?: (id: string) => number;
    failAt?: (id: string) => number | undefined;
    maxStep?: number;
    seed?: number;
  } = {},
): Run => {
  const ts = testScheduler();
  const store = memoryCheckpointStore<number>();
  const logs: RunLog[] = [];
  const events: Run['events'] = [];
  let completedAt: number | undefined;
  let peak = 0;
  ts.run(({ flush }) => {
    const trainer = resumableTrainer<{ readonly lr: number }>(
      store,
      {
        maxStep: extra.maxStep ?? 12,
        period: (t) => extra.period?.(t.id) ?? 1,
        failAt: (t) => extra.failAt?.(t.id),
      },
      logs,
    );
    study(
      { space, objective, seed: extra.seed ?? 7, concurrency: extra.concurrency ?? 4, budget: { trials: 4 } },
      pipe(sampleWith(from(configs)), trainWith(trainer), pbt(options)),
    )
      .pipe(retainCheckpoints(store))
      .subscribe({
        next: (e) => {
          events.push({ frame: ts.now(), e: e as TrialEvent });
          peak = Math.max(peak, store.refs().length);
        },
        complete: () => (completedAt = ts.now()),
      });
    flush();
  });
  return { events, logs, held: store.refs().length, peak, ...(completedAt !== undefined ? { completedAt } : {}) };
};

const forksOf = (run: Run) =>
  run.events.flatMap(({ frame, e }) =>
    e._tag === 'TrialDecided' && e.decision._tag === 'Fork' ? [{ frame, d: e.decision }] : [],
  );

const e2eOptions: PbtOptions = {
  perturbationInterval: 3,
  quantileFraction: 0.5,
  mutations: { lr: float(0.01, 1) },
  maxStep: 12,
};

describe('pbt (end to end through study, virtual time)', () => {
  it('forks end the replaced member on the frame, and the child resumes at the parent’s step from its checkpoint', () => {
    const run = runStudy(e2eOptions);
    assert.ok(run.completedAt !== undefined, 'the study must complete');
    const forks = forksOf(run);
    assert.ok(forks.length >= 2, `expected several forks, got ${forks.length}`);
    for (const { frame, d } of forks) {
      // The replaced member ends on the same frame and never reports again.
      const ended = run.events.find(({ e }) => e._tag === 'TrialEnded' && e.trialId === d.replaced);
      assert.equal(ended?.frame, frame);
      assert.equal(ended?.e._tag === 'TrialEnded' && ended.e.outcome, 'stopped');
      const laterReports = run.events.filter(
        ({ frame: f, e }) => f > frame && e._tag === 'TrialReported' && e.trialId === d.replaced,
      );
      assert.equal(laterReports.length, 0);
      // The child starts on the same frame, at the parent's checkpoint step, with the mutated config.
      const child = run.events.find(
        ({ e }) =>
          e._tag === 'TrialStarted' &&
          e.trial.lineage[e.trial.lineage.length - 1] === d.parent &&
          e.trial.resumeFrom === d.checkpoint &&
          e.trial.config === d.config,
      );
      assert.ok(child && child.e._tag === 'TrialStarted', 'no child trial for a fork');
      assert.equal(child.frame, frame);
      const t = child.e.trial;
      assert.equal(t.startStep, d.step);
      assert.equal(t.segment, 0);
      assert.notEqual(t.id, d.parent);
      // Its first report is the parent's step + 1, trained on from the parent's weights.
      const log = run.logs.find((l) => l.trial === t);
      assert.ok(log);
      const parentLog = run.logs.find((l) => l.trial.id === d.parent && l.reports.some((x) => x.step === d.step));
      const at = parentLog?.reports.findIndex((x) => x.step === d.step) ?? -1;
      assert.ok(parentLog && at >= 0);
      assert.equal(log.reports[0]?.step, d.step + 1);
      assert.equal(log.loaded, parentLog.weights[at]);
    }
    // Four fresh members; the rest are children (not counted by budget.trials).
    const started = run.events.filter(({ e }) => e._tag === 'TrialStarted').map(({ e }) => e);
    assert.equal(started.filter((e) => e._tag === 'TrialStarted' && e.trial.lineage.length === 0).length, 4);
    // Every run ended completed or stopped; the study ended when the last member finished.
    const last = run.events[run.events.length - 1];
    assert.equal(last?.frame, run.completedAt);
    assert.ok(run.events.every(({ e }) => e._tag !== 'TrialEnded' || ['completed', 'stopped'].includes(e.outcome)));
    // Checkpoints: bounded by the live population plus pending forks, and all released at the end.
    assert.ok(run.peak <= 8, `peak ${run.peak}`);
    assert.equal(run.held, 0);
  });

  it('is deterministic: the same seed and events give the same forks and mutations; another seed differs', () => {
    const a = forksOf(runStudy({ ...e2eOptions, resampleProbability: 0.5 }, { seed: 1 }));
    const b = forksOf(runStudy({ ...e2eOptions, resampleProbability: 0.5 }, { seed: 1 }));
    const c = forksOf(runStudy({ ...e2eOptions, resampleProbability: 0.5 }, { seed: 2 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.map((f) => f.d.mutation),
      c.map((f) => f.d.mutation),
    );
  });

  it('synchronous: no exploit until every member has reached the interval; early ones are paused and resumed', () => {
    // Members step at different speeds (1, 2, 3, 4 frames per step).
    const period = (id: string) => Number(id) + 1;
    const run = runStudy({ ...e2eOptions, synchronous: true, population: 4 }, { period });
    assert.ok(run.completedAt !== undefined);
    const decided = run.events.filter(({ e }) => e._tag === 'TrialDecided');
    const forks = forksOf(run);
    assert.ok(forks.length >= 2);
    for (const { d } of forks) {
      // When the fork is decided every live member has reported the interval step.
      const interval = Math.ceil(d.step / 3) * 3;
      const live = new Set<string>();
      const reached = new Set<string>();
      // The live set just before this release: stop at the first decision of the fork's frame.
      const frame = forks.find((f) => f.d === d)?.frame;
      for (const { frame: f, e } of run.events) {
        if (f === frame && e._tag === 'TrialDecided' && e.decision._tag !== 'Pause') break;
        if (e._tag === 'TrialStarted') live.add(e.trial.id);
        if (e._tag === 'TrialEnded' && e.outcome !== 'paused') live.delete(e.trialId);
        if (e._tag === 'TrialDecided' && e.decision._tag === 'Stop') live.delete(e.decision.trialId);
        if (e._tag === 'TrialReported' && e.report.step >= interval) reached.add(e.trialId);
      }
      for (const id of live)
        assert.ok(reached.has(id) || id === d.replaced, `member ${id} had not reached ${interval}`);
    }
    const pauses = decided.filter(({ e }) => e._tag === 'TrialDecided' && e.decision._tag === 'Pause');
    assert.ok(pauses.length >= 3, 'fast members must wait paused');
    // Each paused member is later resumed (Promote, same id, next segment, from its checkpoint) or replaced.
    for (const { e } of pauses) {
      if (e._tag !== 'TrialDecided' || e.decision._tag !== 'Pause') continue;
      const id = e.decision.trialId;
      const resumed = run.events.some(
        ({ e: x }) => x._tag === 'TrialStarted' && x.trial.id === id && x.trial.segment > 0,
      );
      const replaced = forks.some(({ d }) => d.replaced === id);
      assert.ok(resumed || replaced, `paused member ${id} was neither resumed nor replaced`);
    }
    assert.equal(run.held, 0);
  });

  it('asynchronous does not wait: the fast bad member is forked while the others are still short of its step', () => {
    // Member 0 (the worst lr) steps every frame, the others every 2 frames.
    const run = runStudy(e2eOptions, { period: (id) => (id === '0' ? 1 : 2) });
    assert.ok(!run.events.some(({ e }) => e._tag === 'TrialDecided' && e.decision._tag === 'Pause'));
    const forks = forksOf(run);
    assert.ok(forks.length >= 1);
    const lastStep = new Map<string, number>();
    const live = new Set<string>();
    let sawAhead = false;
    for (const { e } of run.events) {
      if (e._tag === 'TrialStarted') live.add(e.trial.id);
      if (e._tag === 'TrialEnded') live.delete(e.trialId);
      if (e._tag === 'TrialReported') lastStep.set(e.trialId, e.report.step);
      if (e._tag === 'TrialDecided' && e.decision._tag === 'Fork') {
        const replaced = e.decision.replaced;
        const at = lastStep.get(replaced) ?? 0;
        if ([...live].some((id) => id !== replaced && (lastStep.get(id) ?? 0) < at)) sawAhead = true;
      }
    }
    assert.ok(sawAhead, 'some fork must be decided while another live member is behind the replaced one');
  });

  it('synchronous: a member failing while the others wait releases them (the study does not end early)', () => {
    const run = runStudy(
      { ...e2eOptions, synchronous: true, population: 4 },
      { period: (id) => (id === '3' ? 3 : 1), failAt: (id) => (id === '3' ? 2 : undefined) },
    );
    assert.ok(run.completedAt !== undefined);
    const failed = run.events.find(({ e }) => e._tag === 'TrialEnded' && e.outcome === 'failed');
    assert.ok(failed);
    // Everybody else goes on to step 12.
    const finals = run.events.filter(({ e }) => e._tag === 'TrialReported' && e.report.step === 12);
    assert.equal(finals.length, 3);
    assert.equal(run.held, 0);
  });

  it('synchronous with concurrency below the population time-multiplexes through pauses', () => {
    const run = runStudy({ ...e2eOptions, synchronous: true, population: 4 }, { concurrency: 2 });
    assert.ok(run.completedAt !== undefined);
    let running = 0;
    let max = 0;
    for (const { e } of run.events) {
      if (e._tag === 'TrialStarted') max = Math.max(max, ++running);
      if (e._tag === 'TrialEnded') running--;
    }
    assert.equal(max, 2);
    const finals = run.events.filter(({ e }) => e._tag === 'TrialReported' && e.report.step === 12);
    assert.equal(finals.length, 4);
    assert.ok(forksOf(run).length >= 1);
  });
});
