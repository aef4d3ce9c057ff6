// The table of trials and the best trial after a run: values in the metric's own sign, every state.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkReport } from '../../lib/checkReport.js';
import {
  askTell,
  bestOf,
  float,
  foldStudy,
  stop,
  studyResult,
  trialDecided,
  trialEnded,
  trialsTable,
  trialStarted,
} from '../../lib/index.js';
import type { Objective, StudyInit, Trial, TrialEvent } from '../../lib/index.js';
import { randomSampler } from '../../strategies/index.js';
import { fakeTrial, report } from '../../testing/index.js';

const space = { x: float(0, 1) };

/** Five trials, one per state, all reporting `metric` with the given values. */
const eventsFor = (objective: Objective, values: readonly [number, number, number, number]): TrialEvent[] => {
  const m = objective.metric;
  const t = (n: number): Trial => fakeTrial(String(n), { x: n / 10 }, { number: n, study: { seed: 0, objective } });
  return [
    trialStarted(t(0)),
    checkReport(t(0), report(1, { [m]: values[0] + 0.1 })),
    checkReport(t(0), report(2, { [m]: values[0] })),
    trialEnded('0', 'completed'),
    trialStarted(t(1)),
    checkReport(t(1), report(1, { [m]: values[1] })),
    trialDecided(stop('1', 'pruned')),
    trialEnded('1', 'stopped'),
    trialStarted(t(2)),
    trialEnded('2', 'failed', {
      name: 'TrialFailedError',
      message: `trial 2: report at step 1 has no objective metric "${m}" (got ["Loss"])`,
    }),
    trialStarted(t(3)),
    checkReport(t(3), report(3, { [m]: values[2] }, 'ckpt')),
    trialEnded('3', 'paused'),
    trialStarted(t(4)),
    checkReport(t(4), report(5, { [m]: values[3] })),
    trialEnded('4', 'completed'),
    trialStarted(t(5)),
    trialEnded('5', 'failed', { name: 'TypeError', message: 'x is undefined' }),
  ];
};
const stateFor = (objective: Objective, values: readonly [number, number, number, number]) => {
  const init: StudyInit<typeof space> = { seed: 0, objective, space, concurrency: 1, budget: {} };
  return foldStudy(init, eventsFor(objective, values));
};

describe('trialsTable / bestOf / studyResult', () => {
  it('min objective: values stay in the loss sign; every state has a row; failed rows say why', () => {
    const s = stateFor({ metric: 'loss', mode: 'min' }, [0.3, 0.9, 0.4, 0.5]);
    assert.deepEqual(trialsTable(s), [
      { number: 0, id: '0', config: { x: 0 }, state: 'completed', lastStep: 2, value: 0.3 },
      { number: 1, id: '1', config: { x: 0.1 }, state: 'stopped', lastStep: 1, value: 0.9 },
      {
        number: 2,
        id: '2',
        config: { x: 0.2 },
        state: 'failed',
        lastStep: undefined,
        value: undefined,
        error: 'trial 2: report at step 1 has no objective metric "loss" (got ["Loss"])',
      },
      { number: 3, id: '3', config: { x: 0.3 }, state: 'paused', lastStep: 3, value: 0.4 },
      { number: 4, id: '4', config: { x: 0.4 }, state: 'completed', lastStep: 5, value: 0.5 },
      {
        number: 5,
        id: '5',
        config: { x: 0.5 },
        state: 'failed',
        lastStep: undefined,
        value: undefined,
        error: 'TypeError: x is undefined',
      },
    ]);
    assert.deepEqual(bestOf(s), { number: 0, id: '0', config: { x: 0 }, value: 0.3, step: 2, metrics: { loss: 0.3 } });
  });

  it('max objective: the largest completed value is best, in its own sign', () => {
    const s = stateFor({ metric: 'acc', mode: 'max' }, [0.7, 0.99, 0.98, 0.8]);
    assert.deepEqual(
      trialsTable(s).map((r) => [r.state, r.value]),
      [
        ['completed', 0.7],
        ['stopped', 0.99],
        ['failed', undefined],
        ['paused', 0.98],
        ['completed', 0.8],
        ['failed', undefined],
      ],
    );
    // Stopped and paused trials are never "best", however good their last report.
    assert.deepEqual(bestOf(s), { number: 4, id: '4', config: { x: 0.4 }, value: 0.8, step: 5, metrics: { acc: 0.8 } });
    assert.deepEqual(studyResult(s).counts, { running: 0, completed: 2, stopped: 1, paused: 1, failed: 2 });
  });

  it('no completed trial: best is undefined; an empty study gives empty rows', () => {
    const objective: Objective = { metric: 'loss', mode: 'min' };
    const init: StudyInit<typeof space> = { seed: 0, objective, space, concurrency: 1, budget: {} };
    const s = foldStudy(init, eventsFor(objective, [1, 2, 3, 4]).slice(4, 13)); // trials 1–3: stopped, failed, paused
    assert.equal(bestOf(s), undefined);
    assert.equal(studyResult(s).best, undefined);
    assert.deepEqual(studyResult(foldStudy(init, [])), {
      trials: [],
      best: undefined,
      counts: { running: 0, completed: 0, stopped: 0, paused: 0, failed: 0 },
    });
  });

  it('works on the ask/tell state too, with running rows', () => {
    const hpo = askTell({
      space,
      objective: { metric: 'acc', mode: 'max' },
      sampler: randomSampler(),
      seed: 1,
      budget: { trials: 3 },
    });
    const a = hpo.ask();
    const b = hpo.ask();
    assert.ok(a && b);
    hpo.report(a.id, 1, { acc: 0.6 });
    hpo.tell(a.id);
    hpo.report(b.id, 1, { acc: 0.2 });
    const { trials, best, counts } = studyResult(hpo.state);
    assert.deepEqual(
      trials.map((r) => [r.number, r.state, r.lastStep, r.value]),
      [
        [0, 'completed', 1, 0.6],
        [1, 'running', 1, 0.2],
      ],
    );
    assert.equal(best?.value, 0.6);
    assert.deepEqual(best?.config, a.config);
    assert.equal(counts.running, 1);
  });
});
