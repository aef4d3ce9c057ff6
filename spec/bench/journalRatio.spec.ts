import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { journalRatio } from '../../bench/journalRatio.js';
import type { OverheadSummary } from '../../bench/optunaOverhead.js';

const summary = (perTrialMs: number, medianTrialMs: number, windows: Record<string, number>): OverheadSummary => ({
  repeats: 3,
  windows,
  askIn: {},
  tellIn: {},
  perTrialMs,
  medianTrialMs,
  loadAvg: 1,
});

describe('journalRatio', () => {
  const cases: ReadonlyArray<{ name: string; optuna: number; ours: number; target: number; met: boolean }> = [
    { name: 'well above the target', optuna: 30, ours: 1, target: 10, met: true },
    { name: 'exactly at the target', optuna: 10, ours: 1, target: 10, met: true },
    { name: 'below the target', optuna: 9, ours: 1, target: 10, met: false },
  ];
  for (const c of cases)
    it(`judges the mean per-trial ratio: ${c.name}`, () => {
      const r = journalRatio(summary(c.optuna, 1, {}), summary(c.ours, 1, {}), c.target);
      assert.equal(r.perTrial, c.optuna / c.ours);
      assert.equal(r.met, c.met);
      assert.match(r.line, c.met ? /: met\)/ : /: NOT met\)/);
    });

  it('compares the windows both runs have, and the median trial', () => {
    const r = journalRatio(
      summary(20, 12, { '0-100': 10, '400-500': 20, '900-1000': 40 }),
      summary(2, 0.5, { '0-100': 2, '900-1000': 1 }),
      10,
    );
    assert.deepEqual(r.windows, { '0-100': 5, '900-1000': 40 });
    assert.equal(r.medianTrial, 24);
    assert.match(r.line, /0-100: 5×, 900-1000: 40×/);
  });
});
