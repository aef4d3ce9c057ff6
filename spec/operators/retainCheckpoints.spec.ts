import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { from, pipe } from 'rxjs';
import type { Config } from '../../lib/config.js';
import type { Fork } from '../../lib/decision.js';
import { float, int } from '../../lib/distribution.js';
import { memoryCheckpointStore } from '../../lib/checkpointStore.js';
import { intBelow, rngFromSeed, withRng } from '../../lib/rng.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { pbt, retainCheckpoints, sampleWith, study, trainWith } from '../../operators/index.js';
import { testScheduler } from '../helpers/timeline.js';
import { resumableTrainer } from '../helpers/resumableTrainer.js';

/**
 * The checkpoints reachable after `log`, computed from scratch (independently of the fold under test):
 * the newest checkpoint of every live trial (running or paused: the last of its resumeFrom and reported
 * checkpoints) and the checkpoint of every fork whose child has not started.
 */
const reachableFromScratch = (log: ReadonlyArray<TrialEvent>): Set<unknown> => {
  const status = new Map<string, 'live' | 'paused' | 'done'>();
  const current = new Map<string, unknown>();
  let pending: Fork[] = [];
  for (const e of log) {
    if (e._tag === 'TrialStarted') {
      status.set(e.trial.id, 'live');
      if (e.trial.resumeFrom !== undefined) current.set(e.trial.id, e.trial.resumeFrom);
      const parent = e.trial.lineage[e.trial.lineage.length - 1];
      const i = pending.findIndex((f) => e.trial.segment === 0 && f.parent === parent && f.step === e.trial.startStep);
      if (i >= 0) pending = pending.filter((_, j) => j !== i);
    }
    if (e._tag === 'TrialReported' && e.report.checkpoint !== undefined) current.set(e.trialId, e.report.checkpoint);
    if (e._tag === 'TrialEnded') status.set(e.trialId, e.outcome === 'paused' ? 'paused' : 'done');
    if (e._tag === 'TrialDecided' && e.decision._tag === 'Fork') pending.push(e.decision);
    if (e._tag === 'TrialDecided' && e.decision._tag === 'Stop' && status.get(e.decision.trialId) === 'paused')
      status.set(e.decision.trialId, 'done');
  }
  const out = new Set<unknown>(pending.map((f) => f.checkpoint));
  for (const [id, s] of status) if (s !== 'done' && current.has(id)) out.add(current.get(id));
  return out;
};

interface Scenario {
  readonly population: number;
  readonly concurrency: number;
  readonly interval: number;
  readonly maxStep: number;
  readonly synchronous: boolean;
  readonly speeds: number[];
  readonly failing: number | undefined;
  readonly quantileFraction: number;
}

const scenario = (seed: number): Scenario =>
  withRng(rngFromSeed(`retention-${seed}`), (next) => {
    const population = 2 + intBelow(next, 5);
    const synchronous = next() < 0.5;
    return {
      population,
      concurrency: synchronous ? 1 + intBelow(next, population) : population,
      interval: 1 + intBelow(next, 4),
      maxStep: 6 + intBelow(next, 12),
      synchronous,
      speeds: Array.from({ length: population }, () => 1 + intBelow(next, 3)),
      failing: next() < 0.3 ? intBelow(next, population) : undefined,
      quantileFraction: [0.25, 0.5][intBelow(next, 2)] as number,
    };
  })[0];

describe('retainCheckpoints (property over random PBT runs)', () => {
  it('after every event the store holds exactly the reachable checkpoints: none reachable is released, every unreachable one is', () => {
    let forks = 0;
    let released = 0;
    for (let seed = 0; seed < 40; seed++) {
      const sc = scenario(seed);
      const store = memoryCheckpointStore<number>();
      const log: TrialEvent[] = [];
      const configs: Config[] = Array.from({ length: sc.population }, (_, i) => ({ lr: 0.05 + 0.1 * i, n: 4 }));
      let saved = 0;
      let done = false;
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const inner = resumableTrainer<{ readonly lr: number; readonly n: number }>(store, {
          maxStep: sc.maxStep,
          period: (t) => sc.speeds[Number(t.id) % sc.population] ?? 1,
          failAt: (t) => (sc.failing !== undefined && t.id === String(sc.failing) ? 3 : undefined),
        });
        study(
          {
            space: { lr: float(0.01, 1), n: int(1, 8) },
            objective: { metric: 'loss', mode: 'min' },
            seed,
            concurrency: sc.concurrency,
            budget: { trials: sc.population },
          },
          pipe(
            sampleWith(from(configs)),
            trainWith(inner),
            pbt({
              perturbationInterval: sc.interval,
              quantileFraction: sc.quantileFraction,
              mutations: { lr: float(0.01, 1), n: int(1, 8) },
              synchronous: sc.synchronous,
              population: sc.population,
            }),
          ),
        )
          .pipe(retainCheckpoints(store))
          .subscribe({
            next: (e) => {
              log.push(e as TrialEvent);
              if (e._tag === 'TrialReported') saved++;
              const held = new Set(store.refs());
              const reachable = reachableFromScratch(log);
              const where = `seed ${seed} ${JSON.stringify(sc)} after event ${log.length - 1} (${e._tag})`;
              for (const ref of reachable)
                assert.ok(held.has(ref as string), `${where}: reachable ${String(ref)} was released`);
              for (const ref of held) assert.ok(reachable.has(ref), `${where}: unreachable ${ref} is still held`);
            },
            complete: () => (done = true),
          });
        flush();
      });
      assert.ok(done, `seed ${seed}: the study did not complete`);
      // No trainer ever failed to load its checkpoint (only the scripted failure happens).
      const failures = log.filter((e) => e._tag === 'TrialEnded' && e.outcome === 'failed');
      for (const f of failures)
        assert.ok(
          f._tag === 'TrialEnded' && /died at step/.test(f.error?.message ?? ''),
          `seed ${seed}: ${JSON.stringify(f)}`,
        );
      forks += log.filter((e) => e._tag === 'TrialDecided' && e.decision._tag === 'Fork').length;
      released += saved - store.refs().length;
    }
    // The property is not vacuous: the runs forked and released plenty.
    assert.ok(forks > 40, `only ${forks} forks`);
    assert.ok(released > 500, `only ${released} releases`);
  });
});
