import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { simulateCoordinator } from '../../bench/distributedSim.js';

const base = { coordinatorMsPerTrial: 2, coordinatorMsPerReport: 0.2, roundTripMs: 2 };

describe('simulateCoordinator (virtual time)', () => {
  const cases = [
    // workers, seconds per trial, reports: the workers are the limit (workers / seconds)
    { workers: 64, trialSeconds: 10, reports: 10, expect: 6.4, busyWorkers: true },
    // the coordinator is the limit: 1 / (2 ms + 10 × 0.2 ms) = 250 trials/s
    { workers: 512, trialSeconds: 0.1, reports: 10, expect: 250, busyWorkers: false },
    // 1 / (2 ms + 100 × 0.2 ms) ≈ 45.5 trials/s
    { workers: 512, trialSeconds: 1, reports: 100, expect: 45.5, busyWorkers: false },
  ];
  for (const c of cases)
    it(`${c.workers} workers, ${c.trialSeconds} s trials, ${c.reports} reports → ~${c.expect} trials/s`, () => {
      const r = simulateCoordinator({ ...base, ...c, trials: c.workers * 20 });
      assert.ok(Math.abs(r.trialsPerSecond - c.expect) / c.expect < 0.05, `${r.trialsPerSecond}`);
      assert.equal(r.workerUtilisation > 0.95, c.busyWorkers, `worker utilisation ${r.workerUtilisation}`);
      assert.equal(r.coordinatorUtilisation > 0.95, !c.busyWorkers, `coordinator ${r.coordinatorUtilisation}`);
    });
});
