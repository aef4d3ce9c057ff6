import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastValueFrom, toArray } from 'rxjs';
import type { Trial } from '../../lib/trial.js';
import { fakeTrial } from '../../lib/testing/fakeTrainer.js';
import type { TfjsCheckpoint } from '../../lib/adapters/tfjsCheckpoint.js';
import { initTfjs } from '../../lib/adapters/tfjsBackend.js';
import { tfjsTrainer } from '../../lib/adapters/tfjsTrainer.js';
import { workerTrainer } from '../../lib/adapters/workerTrainer.js';
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
