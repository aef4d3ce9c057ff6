import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { askTell } from '../../lib/askTell.js';
import { float } from '../../lib/distribution.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';
import { successiveHalvingPolicy } from '../../strategies/schedulers/successiveHalvingPolicy.js';

describe('askTell with a pausing scheduler', () => {
  it('a promoted trial is asked again and trains its next segment from its checkpoint', () => {
    const s = askTell({
      space: { x: float(0, 1) },
      objective: { metric: 'loss', mode: 'min' },
      sampler: randomSampler(),
      policy: successiveHalvingPolicy({ minStep: 1, maxStep: 4, reductionFactor: 2, cohortSize: 2 }),
      seed: 3,
      budget: { trials: 2 },
    });
    const log: string[] = [];
    for (let t = s.ask(); t; t = s.ask()) {
      log.push(`ask ${t.id}#${t.segment} from ${t.startStep} to ${t.budget ?? 'end'}`);
      let d;
      for (let step = t.startStep + 1; step <= (t.budget ?? 4) && !d; step++) {
        d = s.report(t.id, step, { loss: (t.config['x'] as number) + 1 / step }, step);
        log.push(`report ${t.id}@${step}${d ? ` → ${d._tag}` : ''}`);
      }
      if (!d) s.tell(t.id);
    }
    const best = s.best();
    assert.ok(best);
    const winner = best.trial.id;
    // Rungs at 1 and 2 (η = 2, maxStep 4): the winner of the cohort of 2 resumes at 1 with budget 2,
    // pauses there (alone in its rung), and resumes at 2 to the end.
    assert.deepEqual(log.slice(-5), [
      `ask ${winner}#1 from 1 to 2`,
      `report ${winner}@2 → Pause`,
      `ask ${winner}#2 from 2 to 4`,
      `report ${winner}@3`,
      `report ${winner}@4`,
    ]);
    assert.equal(best.lastStep, 4);
    assert.ok(s.done);
  });
});
