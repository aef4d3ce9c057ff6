import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, pipe, toArray } from 'rxjs';
import { float, int } from '../../lib/distribution.js';
import { asha, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import type { Trial } from '../../lib/trial.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import type { TfjsCheckpoint } from '../../adapters/tfjs/tfjsCheckpoint.js';
import { initTfjs } from '../../adapters/tfjs/tfjsBackend.js';
import { tfjsTrainer } from '../../adapters/tfjs/tfjsTrainer.js';
import { workerTrainer } from '../../adapters/workers/workerTrainer.js';
import type { TinyConfig } from './fixtures/tinyTfjs.js';
import { TINY, tinyOptions } from './fixtures/tinyTfjs.js';

const trial = (more: Partial<Trial<TinyConfig>> = {}) => fakeTrial<TinyConfig>('w', TINY, { seed: 7, ...more });
const weights = (c: unknown): number[] => (c as TfjsCheckpoint).weights.flatMap((w) => Array.from(w.data));

describe('tfjsTrainer on worker threads', () => {
  const trainer = workerTrainer<TinyConfig>(new URL('./fixtures/tinyTfjsWorker.ts', import.meta.url), { threads: 2 });
  after(() => trainer.close());

  it('trains in a worker (TypeScript module, wasm), and a checkpoint crossing threads resumes exactly', async () => {
    const [straight, head] = await Promise.all([
      lastValueFrom(trainer(trial()).pipe(toArray())),
      lastValueFrom(trainer(trial({ budget: 2 })).pipe(toArray())),
    ]);
    assert.deepEqual(
      straight.map((r) => r.step),
      [1, 2, 3, 4],
    );
    const tail = await lastValueFrom(
      trainer(trial({ segment: 1, startStep: 2, resumeFrom: head[1]?.checkpoint })).pipe(toArray()),
    );
    assert.deepEqual(weights(tail[1]?.checkpoint), weights(straight[3]?.checkpoint));
  });

  it('serves ASHA promotions in a study: promoted trials resume from their checkpoint in a worker', async () => {
    const events = await lastValueFrom(
      study(
        {
          space: { lr: float(0.005, 0.05, { log: true }), units: int(4, 12) },
          objective: { metric: 'val_loss', mode: 'min' },
          seed: 5,
          concurrency: 2,
          budget: { trials: 6 },
        },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) => trainer({ ...t, config: { ...TINY, ...t.config } })),
          asha({ minStep: 1, maxStep: 4, reductionFactor: 2, mode: 'promote' }),
        ),
      ).pipe(toArray()),
    );
    const resumed = events.flatMap((e) => (e._tag === 'TrialStarted' && e.trial.segment > 0 ? [e.trial] : []));
    assert.ok(resumed.length > 0, 'some trial was promoted');
    for (const t of resumed) {
      assert.ok(t.startStep > 0 && t.resumeFrom !== undefined, `trial ${t.id} resumes from a checkpoint`);
      const steps = events.flatMap((e) => (e._tag === 'TrialReported' && e.trialId === t.id ? [e.report.step] : []));
      assert.ok(steps.includes(t.startStep + 1), `trial ${t.id} goes on at step ${t.startStep + 1}: ${steps.join()}`);
      assert.equal(new Set(steps).size, steps.length, `trial ${t.id} trains no step twice`);
    }
    assert.ok(!events.some((e) => e._tag === 'TrialEnded' && e.outcome === 'failed'));
  });

  it('gives the same numbers as the same trial trained on the main thread', async () => {
    await initTfjs();
    const [inWorker, here] = await Promise.all([
      lastValueFrom(trainer(trial()).pipe(toArray())),
      lastValueFrom(tfjsTrainer(tinyOptions)(trial()).pipe(toArray())),
    ]);
    assert.deepEqual(
      inWorker.map((r) => r.metrics),
      here.map((r) => r.metrics),
    );
  });
});
