import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { from, pipe } from 'rxjs';
import { float } from '../../../lib/distribution.js';
import { fork } from '../../../lib/decision.js';
import { DecodeError } from '../../../lib/errors.js';
import { memoryCheckpointStore } from '../../../lib/checkpointStore.js';
import type { Trial } from '../../../lib/trial.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { fakeTrial } from '../../../testing/fakeTrainer.js';
import { pbt, sampleWith, study, trainWith } from '../../../operators/index.js';
import { configAtStep, pbtReplay } from '../../../strategies/schedulers/pbtReplay.js';
import { testScheduler } from '../../helpers/timeline.js';
import { resumableTrainer } from '../../helpers/resumableTrainer.js';

const start = (id: string, lr: number, o: Partial<Trial> = {}): TrialEvent => trialStarted(fakeTrial(id, { lr }, o));
const rep = (id: string, step: number, score: number): TrialEvent =>
  trialReported(id, { step, metrics: { loss: -score }, checkpoint: `${id}@${step}` }, score);
const mutation = { lr: { _tag: 'Scaled', factor: 1.2, from: 0.1, to: 0.12 } } as const;

// A (lr 0.1) → C at step 4 (lr 0.12, from A) → E at step 8 (lr 0.3, from C); B is replaced by C, D by E.
const events: TrialEvent[] = [
  start('A', 0.1),
  start('B', 0.05),
  rep('A', 4, 1),
  rep('B', 4, 0),
  trialDecided(fork({ replaced: 'B', parent: 'A', step: 4, checkpoint: 'A@4', config: { lr: 0.12 }, mutation })),
  trialEnded('B', 'stopped'),
  start('C', 0.12, { lineage: ['A'], startStep: 4, resumeFrom: 'A@4' }),
  rep('A', 8, 2),
  rep('C', 8, 3),
  trialDecided(fork({ replaced: 'A', parent: 'C', step: 8, checkpoint: 'C@8', config: { lr: 0.3 }, mutation: {} })),
  trialEnded('A', 'stopped'),
  start('E', 0.3, { lineage: ['A', 'C'], startStep: 8, resumeFrom: 'C@8' }),
  rep('C', 12, 4),
  trialEnded('C', 'completed'),
  rep('E', 12, 5),
  trialEnded('E', 'completed'),
];

describe('pbtReplay', () => {
  it('follows the best member’s lineage back through the forks: each ancestor’s config up to its child’s start step', () => {
    const s = pbtReplay(events);
    assert.equal(s.trialId, 'E');
    assert.equal(s.score, 5);
    assert.equal(s.lastStep, 12);
    assert.deepEqual(s.segments, [
      { trialId: 'A', fromStep: 0, toStep: 4, config: { lr: 0.1 } },
      { trialId: 'C', fromStep: 4, toStep: 8, config: { lr: 0.12 }, mutation },
      { trialId: 'E', fromStep: 8, toStep: 12, config: { lr: 0.3 }, mutation: {} },
    ]);
    assert.deepEqual(
      [1, 4, 5, 8, 9, 12].map((k) => configAtStep(s, k)['lr']),
      [0.1, 0.1, 0.12, 0.12, 0.3, 0.3],
    );
    assert.equal(configAtStep(s, 0)['lr'], 0.1);
    assert.equal(configAtStep(s, 99)['lr'], 0.3);
  });

  it('prefers completed trials; replays another trial on request', () => {
    const unfinishedBetter = [...events, start('F', 0.9), rep('F', 3, 100)];
    assert.equal(pbtReplay(unfinishedBetter).trialId, 'E');
    const c = pbtReplay(events, { trialId: 'C' });
    assert.deepEqual(
      c.segments.map((x) => [x.trialId, x.fromStep, x.toStep]),
      [
        ['A', 0, 4],
        ['C', 4, 12],
      ],
    );
  });

  it('fails loudly on incomplete events', () => {
    assert.throws(
      () => pbtReplay(events.filter((e) => !(e._tag === 'TrialStarted' && e.trial.id === 'C'))),
      (e: unknown) => {
        assert.ok(e instanceof DecodeError);
        assert.match(e.message, /trial C in the lineage of trial E has no TrialStarted event/);
        return true;
      },
    );
    assert.throws(() => pbtReplay([start('A', 0.1)]), DecodeError);
  });

  it('retraining from scratch with the schedule reproduces the best member of a real PBT run exactly', () => {
    const store = memoryCheckpointStore<number>();
    const log: TrialEvent[] = [];
    testScheduler().run(({ flush }) => {
      study(
        {
          space: { lr: float(0.01, 1) },
          objective: { metric: 'loss', mode: 'min' },
          seed: 3,
          concurrency: 4,
          budget: { trials: 4 },
        },
        pipe(
          sampleWith(from([{ lr: 0.1 }, { lr: 0.2 }, { lr: 0.3 }, { lr: 0.4 }])),
          trainWith(resumableTrainer<{ readonly lr: number }>(store, { maxStep: 30 })),
          pbt({
            perturbationInterval: 3,
            quantileFraction: 0.5,
            resampleProbability: 0.5,
            mutations: { lr: float(0.01, 1) },
          }),
        ),
      ).subscribe((e) => log.push(e as TrialEvent));
      flush();
    });
    const s = pbtReplay(log);
    assert.ok(s.segments.length >= 3, `a schedule with several stretches, got ${s.segments.length}`);
    // The same "training" without PBT: one model, lr per step from the schedule.
    let w = 0;
    for (let step = 1; step <= s.lastStep; step++) w += configAtStep(s, step)['lr'] as number;
    const best = log.filter((e) => e._tag === 'TrialReported' && e.trialId === s.trialId).pop();
    assert.ok(best && best._tag === 'TrialReported');
    assert.equal(1 / (1 + w), best.report.metrics['loss']);
  });
});
