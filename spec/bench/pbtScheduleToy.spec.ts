import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_SCHEDULE_TOY_SETUP, bestH, rate, runScheduleToy } from '../../bench/pbtScheduleToy.js';

describe('bench: the schedule toy (the best h drifts during training)', () => {
  it('rewards h*(t) most, and h* moves from (0.2, 0.8) to (0.8, 0.2)', () => {
    assert.deepEqual(bestH(0, 100), [0.2, 0.8]);
    assert.deepEqual(
      bestH(100, 100).map((v) => +v.toFixed(12)),
      [0.8, 0.2],
    );
    assert.equal(rate(0.5, 0.5, 50, 100), 1);
    assert.ok(rate(0.2, 0.8, 100, 100) < 0.01);
  });
  it('PBT follows the drift better than the same random configs without a scheduler; runs are deterministic', () => {
    const setup = { ...DEFAULT_SCHEDULE_TOY_SETUP, steps: 60 };
    const pbt = runScheduleToy('pbt', 1, setup);
    const random = runScheduleToy('random', 1, setup);
    assert.ok(pbt.forks > 0);
    assert.ok(pbt.final > random.final, `pbt ${pbt.final} vs random ${random.final}`);
    assert.deepEqual(runScheduleToy('random', 1, setup).by_step, random.by_step);
  });
  it('PB2 runs through study() with forks and a reward per step in range', () => {
    const r = runScheduleToy('pb2', 0, { ...DEFAULT_SCHEDULE_TOY_SETUP, steps: 40 });
    assert.ok(r.forks > 0);
    assert.ok(r.final > 0 && r.final <= 1.2);
  });
});
