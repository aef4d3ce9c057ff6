import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, of, pipe, toArray } from 'rxjs';
import { categorical, float } from '../../lib/distribution.js';
import { askTell } from '../../lib/askTell.js';
import type { Policy } from '../../lib/policy.js';
import { noDecision } from '../../lib/policy.js';
import { stop } from '../../lib/decision.js';
import { InvalidOptionsError, StudyFailedError, UnknownTrialError } from '../../lib/errors.js';
import { report } from '../../testing/index.js';
import { sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';

const space = { x: float(-3, 3), act: categorical(['relu', 'tanh']) };
const objective = { metric: 'loss', mode: 'min' as const };
const f = (x: number, step: number) => (x * x) / step;

const pruneAbove1: Policy<null> = {
  name: 'pruneAbove1',
  init: () => null,
  step: (s, e) =>
    e._tag === 'TrialReported' && -e.score > 1 ? { state: s, decisions: [stop(e.trialId, 'loss > 1')] } : noDecision(s),
};

describe('askTell facade', () => {
  it('ask/report/tell from a plain loop; report returns the scheduler decision for that trial', () => {
    const s = askTell({
      space,
      objective,
      sampler: randomSampler(),
      policy: pruneAbove1,
      seed: 4,
      budget: { trials: 10 },
    });
    let pruned = 0;
    for (let t = s.ask(); t; t = s.ask()) {
      let decision;
      for (let step = 1; step <= 3 && !decision; step++) decision = s.report(t.id, step, { loss: f(t.config.x, step) });
      if (decision) {
        assert.equal(decision._tag, 'Stop');
        pruned++;
      } else s.tell(t.id);
    }
    assert.equal(s.state.fresh, 10);
    assert.ok(pruned > 0 && pruned < 10, `pruned ${pruned}`);
    assert.ok(s.done);
    assert.equal([...s.state.trials.values()].filter((r) => r.status === 'stopped').length, pruned);
    assert.ok((s.best()?.lastScore ?? -Infinity) >= -1);
  });

  it('gives the same trials as the reactive study with the same seed', async () => {
    const events = await lastValueFrom(
      study(
        { space, objective, seed: 9, budget: { trials: 8 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => of(report(1, { loss: f(t.config.x, 1) }))),
        ),
      ).pipe(toArray()),
    );
    const s = askTell({ space, objective, sampler: randomSampler(), seed: 9, budget: { trials: 8 } });
    for (let t = s.ask(); t; t = s.ask()) {
      s.report(t.id, 1, { loss: f(t.config.x, 1) });
      s.tell(t.id);
    }
    assert.deepEqual(s.events, events);
  });

  it('a NaN report fails the trial and returns a Stop saying why; a failed tell is kept', () => {
    const s = askTell({ space, objective, sampler: randomSampler(), budget: { trials: 2 } });
    const a = s.ask()!;
    const d = s.report(a.id, 1, { loss: NaN });
    assert.equal(d?._tag, 'Stop');
    assert.match(d?._tag === 'Stop' ? d.reason : '', /metric "loss" is NaN at step 1/);
    assert.equal(s.state.trials.get(a.id)?.status, 'failed');
    const b = s.ask()!;
    s.tell(b.id, { state: 'failed', error: new Error('OOM') });
    assert.deepEqual(s.state.trials.get(b.id)?.error, { name: 'Error', message: 'OOM' });
    // Every trial failed and none completed: the end of the study is an error naming the reasons.
    assert.throws(
      () => s.ask(),
      (e: unknown) =>
        e instanceof StudyFailedError &&
        /no trial completed and 2 failed: trial 0: metric "loss" is NaN at step 1; trial 1: OOM/.test(e.message),
    );
  });

  it('unknown ids and bad options get named errors', () => {
    const s = askTell({ space, objective, sampler: randomSampler() });
    assert.throws(() => s.tell('42'), UnknownTrialError);
    const t = s.ask()!;
    s.tell(t.id);
    assert.throws(() => s.report(t.id, 1, { loss: 1 }), /the trial is completed, not running/);
    assert.throws(
      () => askTell({ space, objective, sampler: randomSampler(), budget: { deadline: 10 } }),
      InvalidOptionsError,
    );
    assert.throws(
      () => askTell({ space: { x: float(2, 1) } as never, objective, sampler: randomSampler() }),
      /low \(2\) must be <= high \(1\)/,
    );
  });
});
