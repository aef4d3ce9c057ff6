import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_PBT_TOY_SETUP, q, runPbtToy } from '../../bench/pbtToy.js';

describe('bench: the PBT toy (Jaderberg et al. 2017, Fig. 2)', () => {
  it('grid plateaus where one fixed h can take θ (Q → 1.2 − 0.81), exactly as gradient ascent predicts', () => {
    const r = runPbtToy('grid', 0);
    assert.equal(r.q_by_step.length, DEFAULT_PBT_TOY_SETUP.steps);
    assert.equal(r.forks, 0);
    // h = (1, 0): θ₀ ← θ₀ (1 − 2·0.01) per step, θ₁ stays 0.9.
    const t0 = 0.9 * 0.98 ** 200;
    assert.ok(Math.abs(r.q_final - q(t0, 0.9)) < 1e-12);
  });

  it('PBT combines the two members and reaches Q ≈ 1.2; exploit-only copies without exploring and stays at the grid’s value', () => {
    for (const seed of [0, 1, 2]) {
      const p = runPbtToy('pbt', seed);
      assert.ok(p.q_final > 1.15, `seed ${seed}: ${p.q_final}`);
      assert.ok(p.forks > 10);
      assert.ok(p.peak_checkpoints <= 2, 'retainCheckpoints keeps only what the two members can resume from');
      assert.equal(runPbtToy('exploit_only', seed).q_final, runPbtToy('grid', seed).q_final);
    }
  });

  it('is deterministic per seed', () => {
    assert.deepEqual(runPbtToy('pbt', 4), runPbtToy('pbt', 4));
    assert.deepEqual(runPbtToy('explore_only', 4), runPbtToy('explore_only', 4));
    assert.notDeepEqual(runPbtToy('pbt', 4).q_by_step, runPbtToy('pbt', 5).q_by_step);
  });

  it('asynchronous PBT on these mirror-image members ties at every ready point and, with Ray’s rule, never exploits', () => {
    const r = runPbtToy('pbt', 0, { ...DEFAULT_PBT_TOY_SETUP, synchronous: false });
    assert.equal(r.forks, 0);
  });
});
