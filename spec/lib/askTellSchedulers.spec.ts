import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../lib/askTell.js';
import { float } from '../../lib/distribution.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import type { SchedulerOperator } from '../../lib/trialRun.js';
import { asha, chainSchedulers, hyperband, medianStopping, successiveHalving } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { ashaPolicy } from '../../strategies/schedulers/ashaPolicy.js';
import { askTellRun, reactiveRun } from '../../testing/schedulerDrivers.js';

const setup = { space: { x: float(-2, 2) }, seed: 3, trials: 18, concurrency: 3, maxStep: 27 };
const options = { space: setup.space, objective: { metric: 'loss', mode: 'min' as const }, sampler: randomSampler() };

describe('askTell with scheduler operators', () => {
  it('one operator: the same log as the (deprecated) policy option', () => {
    const loop = (s: ReturnType<typeof askTell>) => {
      for (let t = s.ask(); t; t = s.ask()) {
        let d;
        for (let step = t.startStep + 1; step <= 27 && !d; step++)
          d = s.report(t.id, step, { loss: (t.config['x'] as number) ** 2 + 1 / step }, step);
        if (!d) s.tell(t.id);
      }
      return s.events;
    };
    const o = { minStep: 2, maxStep: 27, reductionFactor: 3 };
    const viaOperator = loop(askTell({ ...options, seed: 1, budget: { trials: 12 }, scheduler: asha(o) }));
    const viaPolicy = loop(askTell({ ...options, seed: 1, budget: { trials: 12 }, policy: ashaPolicy(o) }));
    assert.ok(viaOperator.some((e) => e._tag === 'TrialDecided' && e.decision._tag === 'Stop'));
    assert.deepEqual(viaOperator, viaPolicy);
  });

  it('a list in pipe order runs as the piped operators do: identical full event logs', () => {
    const make = (): SchedulerOperator[] => [
      hyperband({ minStep: 2, maxStep: 27, reductionFactor: 3, mode: 'stop' }),
      medianStopping({ nStartupTrials: 1 }),
    ];
    const reactive = reactiveRun(chainSchedulers(...make()), setup);
    assert.equal(reactive.error, undefined);
    const reasons = reactive.events.flatMap((e) =>
      e._tag === 'TrialDecided' && e.decision._tag === 'Stop' ? [e.decision.reason.split(':')[0]] : [],
    );
    assert.deepEqual([...new Set(reasons)].sort(), ['asha', 'medianStopping'], 'both schedulers stopped trials');
    assert.deepEqual(askTellRun(make(), setup), reactive.events);
  });

  it('a downstream scheduler sees the upstream decisions (a synchronous halving and a median rule)', () => {
    const chain = () =>
      chainSchedulers(
        successiveHalving({ minStep: 2, maxStep: 27, reductionFactor: 3, cohortSize: 6 }),
        medianStopping({ nStartupTrials: 1 }),
      );
    assert.deepEqual(askTellRun(chain(), setup), reactiveRun(chain(), setup).events);
  });

  it('a plain function that carries no policy is a named error naming its position', () => {
    const handWritten: SchedulerOperator = (runs$) => runs$;
    assert.throws(
      () => askTell({ ...options, scheduler: [asha(), handWritten] }),
      (e: unknown) =>
        e instanceof InvalidOptionsError &&
        /^askTell options: scheduler\[1\] is an operator that carries no policy/.test(e.message),
    );
    assert.throws(
      () => chainSchedulers(handWritten),
      /InvalidOptionsError: chainSchedulers: schedulers\[0\] is an operator/,
    );
    assert.throws(() => askTell({ ...options, scheduler: 42 as never }), /must be a scheduler made by fromPolicy/);
  });
});
