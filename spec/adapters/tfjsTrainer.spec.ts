import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { MetricReport } from '../../lib/metricReport.js';
import type { Trial } from '../../lib/trial.js';
import { InvalidOptionsError } from '../../lib/errors.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { initTfjs } from '../../adapters/tfjs/tfjsBackend.js';
import type { TfjsCheckpoint } from '../../adapters/tfjs/tfjsCheckpoint.js';
import { readCheckpointFile } from '../../adapters/tfjs/tfjsCheckpoint.js';
import { tfjsTrainer } from '../../adapters/tfjs/tfjsTrainer.js';
import type { TinyConfig } from './fixtures/tinyTfjs.js';
import { TINY, tinyData, tinyOptions } from './fixtures/tinyTfjs.js';

const trial = (config: TinyConfig = TINY, more: Partial<Trial<TinyConfig>> = {}) =>
  fakeTrial<TinyConfig>('t1', config, {
    seed: 1234,
    study: { seed: 0, objective: { metric: 'val_acc', mode: 'max' } },
    ...more,
  });
const all = (o: ReturnType<ReturnType<typeof tfjsTrainer<TinyConfig>>>) => lastValueFrom(o.pipe(toArray()));
const ckptOf = (r: MetricReport | undefined): TfjsCheckpoint => r?.checkpoint as TfjsCheckpoint;
const flat = (c: TfjsCheckpoint): number[] => c.weights.flatMap((w) => Array.from(w.data));
const maxDiff = (a: number[], b: number[]) => {
  assert.equal(a.length, b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
};

describe('tfjsTrainer', () => {
  let baseline = 0;
  before(async () => {
    await initTfjs();
    baseline = tf.memory().numTensors;
  });

  it('reports once per epoch with training and validation metrics and a checkpoint, then completes', async () => {
    const reports = await all(tfjsTrainer(tinyOptions)(trial()));
    assert.deepEqual(
      reports.map((r) => r.step),
      [1, 2, 3, 4],
    );
    for (const r of reports) {
      for (const k of ['loss', 'acc', 'val_loss', 'val_acc', 'epoch']) assert.equal(typeof r.metrics[k], 'number', k);
      assert.equal(ckptOf(r)._tag, 'TfjsCheckpoint');
    }
    assert.deepEqual(
      reports.map((r) => r.metrics['epoch']),
      [1, 2, 3, 4],
    );
    assert.ok((reports[3]?.metrics['loss'] ?? 9) < (reports[0]?.metrics['loss'] ?? 0), 'the loss goes down');
    assert.equal(tf.memory().numTensors, baseline, 'every tensor of a completed trial is disposed');
  });

  it('is reproducible from Trial.seed (weights, dropout masks, shuffles) and differs for another seed', async () => {
    const t = tfjsTrainer(tinyOptions);
    const a = await all(t(trial()));
    const b = await all(t(trial()));
    const c = await all(t(trial(TINY, { seed: 99 })));
    assert.deepEqual(flat(ckptOf(a[3])), flat(ckptOf(b[3])));
    assert.deepEqual(
      a.map((r) => r.metrics),
      b.map((r) => r.metrics),
    );
    assert.notDeepEqual(flat(ckptOf(a[0])), flat(ckptOf(c[0])));
  });

  it('resumes exactly: 2 epochs, then 2 more from the checkpoint, equal 4 straight (Adam state and dropout included)', async () => {
    const t = tfjsTrainer(tinyOptions);
    const straight = await all(t(trial()));
    const first = await all(t(trial(TINY, { budget: 2 })));
    assert.deepEqual(
      first.map((r) => r.step),
      [1, 2],
    );
    const resumed = await all(
      t(trial(TINY, { segment: 1, startStep: 2, budget: 4, resumeFrom: first[1]?.checkpoint })),
    );
    assert.deepEqual(
      resumed.map((r) => r.step),
      [3, 4],
    );
    assert.ok(maxDiff(flat(ckptOf(straight[3])), flat(ckptOf(resumed[1]))) < 1e-6);
    assert.ok(Math.abs((straight[3]?.metrics['val_loss'] ?? 0) - (resumed[1]?.metrics['val_loss'] ?? 1)) < 1e-6);
    // Without the optimizer state the resumed run would drift: the checkpoint carries Adam's moments.
    assert.equal(ckptOf(first[1]).optimizer?.className, 'Adam');
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('reports every N batches when asked, and resumes mid-epoch exactly', async () => {
    // 96 rows / 16 = 6 batches per epoch, reported every 4: steps of 4 and 2 batches.
    const t = tfjsTrainer({ ...tinyOptions, epochs: 2, reportEveryBatches: 4 });
    const straight = await all(t(trial()));
    assert.deepEqual(
      straight.map((r) => r.metrics['epoch']),
      [4 / 6, 1, 10 / 6, 2],
    );
    const head = await all(t(trial(TINY, { budget: 1 })));
    const tail = await all(t(trial(TINY, { startStep: 1, resumeFrom: head[0]?.checkpoint })));
    assert.deepEqual(
      tail.map((r) => r.step),
      [2, 3, 4],
    );
    assert.ok(maxDiff(flat(ckptOf(straight[3])), flat(ckptOf(tail[2]))) < 1e-6);
  });

  it('writes checkpoints to files when given a directory and resumes from them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rxhpo-ckpt-'));
    try {
      const t = tfjsTrainer({ ...tinyOptions, checkpoints: { dir } });
      const first = await all(t(trial(TINY, { budget: 2 })));
      const ref = first[1]?.checkpoint as { _tag: string; path: string };
      assert.deepEqual(ref, { _tag: 'TfjsCheckpointFile', path: join(dir, 't1-2.tfckpt') });
      assert.equal((await readCheckpointFile({ _tag: 'TfjsCheckpointFile', path: ref.path })).step, 2);
      const resumed = await all(t(trial(TINY, { startStep: 2, resumeFrom: ref })));
      const straight = await all(tfjsTrainer(tinyOptions)(trial()));
      assert.ok(Math.abs((straight[3]?.metrics['val_loss'] ?? 0) - (resumed[1]?.metrics['val_loss'] ?? 1)) < 1e-6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sets stopTraining on unsubscribe: no more reports, and the stopped trial frees every tensor', async () => {
    let model: tfl.LayersModel | undefined;
    let fits = 0;
    const t = tfjsTrainer<TinyConfig>({
      ...tinyOptions,
      epochs: 1000,
      model: (c, init) => {
        const m = tinyOptions.model(c, init);
        const fit = m.fit.bind(m);
        m.fit = (...args) => (fits++, fit(...args));
        return (model = m);
      },
    });
    const seen: number[] = [];
    const sub = t(trial()).subscribe((r) => {
      seen.push(r.step);
      if (r.step === 2) sub.unsubscribe();
    });
    await t.idle();
    assert.deepEqual(seen, [1, 2]);
    assert.equal(model?.stopTraining, true);
    assert.ok(fits <= 3, `training stopped (fit ran ${fits} epochs of 1000)`);
    assert.equal(tf.memory().numTensors, baseline);
    // firstValueFrom unsubscribes after the first report: the same path as a pruned trial.
    assert.equal((await firstValueFrom(t(trial()))).step, 1);
    await t.idle();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('a failing trial errors with the reason and frees every tensor', async () => {
    const t = tfjsTrainer<TinyConfig>({
      ...tinyOptions,
      data: () => {
        const d = tinyData();
        return { ...d, y: tf.oneHot(tf.tensor1d([0, 1], 'int32'), 3) }; // 96 rows of x, 2 of y
      },
    });
    await assert.rejects(all(t(trial())), /GatherV2: the index value \d+ is not in \[0, 1\]/);
    assert.equal(tf.memory().numTensors, baseline, 'tensors of a failed trial are disposed');
  });

  it('refuses a model whose random initialisers are unseeded, naming the layer', async () => {
    const t = tfjsTrainer<TinyConfig>({
      ...tinyOptions,
      model: (c) => {
        const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3, name: 'plain' })] });
        m.compile({ optimizer: tf.train.sgd(c.lr), loss: 'meanSquaredError' });
        return m;
      },
    });
    await assert.rejects(
      all(t(trial())),
      (e: Error) => e instanceof InvalidOptionsError && /plain\.kernelInitializer/.test(e.message),
    );
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('rejects bad options and a bad checkpoint by name', async () => {
    assert.throws(() => tfjsTrainer({ ...tinyOptions, epochs: 0 }), /epochs must be an integer >= 1, got 0/);
    assert.throws(() => tfjsTrainer({ ...tinyOptions, reportEveryBatches: 1.5 }), /reportEveryBatches/);
    await assert.rejects(all(tfjsTrainer(tinyOptions)(trial(TINY, { resumeFrom: { weights: 'x' } }))), /resumeFrom/);
    const t = tfjsTrainer(tinyOptions);
    await t.idle();
    assert.equal(tf.memory().numTensors, baseline);
    // A checkpoint of another architecture is named as such.
    const wide = await lastValueFrom(t(trial({ ...TINY, units: 5 }, { budget: 1 })));
    await assert.rejects(all(t(trial(TINY, { resumeFrom: wide.checkpoint, startStep: 1 }))), /does not fit the model/);
    assert.equal(tf.memory().numTensors, baseline);
  });
});
