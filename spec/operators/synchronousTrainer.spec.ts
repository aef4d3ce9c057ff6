import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Subscriber } from 'rxjs';
import { Observable, lastValueFrom, mergeMap, of, pipe, take, toArray } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Policy } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import { stop } from '../../lib/decision.js';
import { float } from '../../lib/distribution.js';
import type { StudyState } from '../../lib/studyState.js';
import { foldStudy } from '../../lib/studyState.js';
import { deadlineReached, studyStarted } from '../../lib/trialEvent.js';
import { fakeTrial, report } from '../../testing/index.js';
import { budgetGuard } from '../../operators/budgetGuard.js';
import { chainSchedulers, execute, fifo, fromPolicy, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { label } from '../helpers/timeline.js';
import { studyInit } from '../helpers/studyInit.js';

// As rxjs's "should stop listening to a synchronous observable when unsubscribed": a trainer that
// reports a million steps in one synchronous loop, checking `closed` as a well-behaved source does.
const counting = (onStep: (step: number) => void = () => {}) => {
  const counts = new Map<string, number>();
  const trainer = (t: { id: string }) =>
    new Observable<MetricReport>((sub) => {
      for (let i = 1; i <= 1e6 && !sub.closed; i++) {
        counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
        sub.next(report(i, { loss: 1 / i }));
        onStep(i);
      }
      sub.complete();
    });
  return { counts, trainer };
};

const stopAt3: Policy<null> = {
  name: 'stopAt3',
  init: () => null,
  step: (s, e) =>
    e._tag === 'TrialReported' && e.report.step === 3
      ? { state: s, decisions: [stop(e.trialId, 'step 3')] }
      : noDecision(s),
};

const A = fakeTrial('A', {}, { number: 0 });
const B = fakeTrial('B', {}, { number: 1 });

describe('a synchronous trainer is really unsubscribed', () => {
  it('trainWith: unsubscribing during the synchronous loop stops the trainer', () => {
    const { counts, trainer } = counting();
    const labels: string[] = [];
    of(A)
      .pipe(
        trainWith(trainer),
        mergeMap((run) => run.events),
        take(3),
      )
      .subscribe((e) => labels.push(label(e)));
    assert.deepEqual(labels, ['S A', 'R A@1', 'R A@2']);
    assert.equal(counts.get('A'), 2);
  });

  it('fromPolicy: a Stop about the reporting trial stops its loop at that report', () => {
    const { counts, trainer } = counting();
    const labels: string[] = [];
    of(A)
      .pipe(trainWith(trainer), fromPolicy(stopAt3), execute())
      .subscribe((e) => labels.push(label(e)));
    assert.deepEqual(labels, ['S A', 'R A@1', 'R A@2', 'R A@3', 'D stop A', 'E A stopped']);
    assert.equal(counts.get('A'), 3);
  });

  it('fromPolicy: a Stop about another trial stops that trial’s loop mid-emission', () => {
    // B only reports when A's loop tells it to, so B's report arrives while A's loop is on the stack.
    let bSub: Subscriber<MetricReport> | undefined;
    const { counts, trainer } = counting((step) => {
      if (step === 3) bSub?.next(report(1, { loss: 9 }));
    });
    const bStopsA: Policy<null> = {
      name: 'bStopsA',
      init: () => null,
      step: (s, e) =>
        e._tag === 'TrialReported' && e.trialId === 'B'
          ? { state: s, decisions: [stop('A', 'B says so')] }
          : noDecision(s),
    };
    const labels: string[] = [];
    of(B, A)
      .pipe(
        trainWith((t) => (t.id === 'B' ? new Observable<MetricReport>((sub) => void (bSub = sub)) : trainer(t))),
        fromPolicy(bStopsA),
        execute(),
      )
      .subscribe((e) => labels.push(label(e)));
    assert.equal(counts.get('A'), 3);
    assert.deepEqual(labels, ['S B', 'S A', 'R A@1', 'R A@2', 'R A@3', 'R B@1', 'D stop A', 'E A stopped']);
  });

  it('chained schedulers: a Stop downstream reaches the trainer through the upstream operator', () => {
    const { counts, trainer } = counting();
    of(A)
      .pipe(trainWith(trainer), chainSchedulers(fifo(), fromPolicy(stopAt3), fifo()), execute())
      .subscribe();
    assert.equal(counts.get('A'), 3);
  });

  it('budgetGuard: a spent budget stops the loop on the state that spent it', () => {
    const init = studyInit({ deadline: 10 });
    const spent = foldStudy(init, [studyStarted(init), deadlineReached(10)]);
    let statesSub: Subscriber<StudyState> | undefined;
    const states$ = new Observable<StudyState>((s) => void (statesSub = s));
    const { counts, trainer } = counting((step) => {
      if (step === 3) statesSub?.next(spent);
    });
    const labels: string[] = [];
    of(A)
      .pipe(trainWith(trainer), budgetGuard(states$), execute())
      .subscribe((e) => labels.push(label(e)));
    assert.equal(counts.get('A'), 3);
    assert.deepEqual(labels, ['S A', 'R A@1', 'R A@2', 'R A@3', 'D stop A', 'E A stopped']);
  });

  it('study: every synchronous trial stops at the report that stopped it, and the study completes', async () => {
    const { counts, trainer } = counting();
    const events = await lastValueFrom(
      study(
        { space: { x: float(0, 1) }, objective: { metric: 'loss', mode: 'min' }, seed: 1, budget: { trials: 3 } },
        pipe(sampleWith(randomSampler()), trainWith(trainer), fromPolicy(stopAt3)),
      ).pipe(toArray()),
    );
    assert.deepEqual([...counts.values()], [3, 3, 3]);
    assert.equal(events.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'stopped').length, 3);
  });
});
