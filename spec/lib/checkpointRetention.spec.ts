import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RetentionOptions, RetentionState } from '../../lib/checkpointRetention.js';
import { initialRetention, reachableCheckpoints, retentionStep } from '../../lib/checkpointRetention.js';
import { fork, stop } from '../../lib/decision.js';
import type { Trial } from '../../lib/trial.js';
import type { Outcome, TrialEvent } from '../../lib/trialEvent.js';
import { trialDecided, trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';

const start = (id: string, o: Partial<Trial> = {}): TrialEvent => trialStarted(fakeTrial(id, {}, o));
const rep = (id: string, step: number, ckpt?: string): TrialEvent =>
  trialReported(
    id,
    ckpt === undefined ? { step, metrics: { loss: 1 } } : { step, metrics: { loss: 1 }, checkpoint: ckpt },
    -1,
  );
const end = (id: string, outcome: Outcome = 'completed'): TrialEvent => trialEnded(id, outcome);
const forkOf = (replaced: string, parent: string, step: number, checkpoint: string): TrialEvent =>
  trialDecided(fork({ replaced, parent, step, checkpoint, config: {}, mutation: {} }));

/** Releases per event, as `index: refs`, and the final state. */
const fold = (events: TrialEvent[], options: RetentionOptions = {}) => {
  let s: RetentionState = initialRetention();
  const released: string[] = [];
  events.forEach((e, i) => {
    const [next, refs] = retentionStep(s, e, options);
    s = next;
    if (refs.length > 0) released.push(`${i}: ${refs.join(',')}`);
  });
  return { released, state: s };
};

describe('checkpoint retention (pure fold)', () => {
  it('a newer checkpoint releases the older one; the trial’s end releases its last', () => {
    const r = fold([start('A'), rep('A', 1, 'a1'), rep('A', 2, 'a2'), rep('A', 3), end('A')]);
    assert.deepEqual(r.released, ['2: a1', '4: a2']);
    assert.deepEqual(reachableCheckpoints(r.state), []);
  });

  it('a pending fork keeps its checkpoint after the parent moves on; the child holds it until it reports its own', () => {
    const r = fold([
      start('A'),
      start('B'),
      rep('A', 2, 'a2'),
      rep('B', 2, 'b2'),
      forkOf('B', 'A', 2, 'a2'), // 4
      end('B', 'stopped'), // 5: B's own checkpoint goes
      rep('A', 3, 'a3'), // 6: a2 still reachable through the pending fork
      start('C', { lineage: ['A'], startStep: 2, resumeFrom: 'a2' }), // 7: the child holds a2 now
      rep('A', 4, 'a4'), // 8: a3 goes
      rep('C', 3, 'c3'), // 9: the child has its own: a2 goes
    ]);
    assert.deepEqual(r.released, ['5: b2', '8: a3', '9: a2']);
    assert.deepEqual([...reachableCheckpoints(r.state)].sort(), ['a4', 'c3']);
  });

  it('two children of the same checkpoint: it goes only when both have their own', () => {
    const r = fold([
      start('A'),
      rep('A', 2, 'a2'),
      forkOf('B', 'A', 2, 'a2'),
      forkOf('C', 'A', 2, 'a2'),
      end('A'), // 4: A ends, forks still pending
      start('D', { lineage: ['A'], startStep: 2, resumeFrom: 'a2' }),
      start('E', { lineage: ['A'], startStep: 2, resumeFrom: 'a2' }),
      rep('D', 3, 'd3'),
      rep('E', 3, 'e3'), // 8
    ]);
    assert.deepEqual(r.released, ['8: a2']);
  });

  it('a paused trial keeps its checkpoint; resuming from it releases nothing; a Stop of a paused trial releases it', () => {
    const r = fold([
      start('A'),
      rep('A', 3, 'a3'),
      end('A', 'paused'), // 2: kept
      start('A', { segment: 1, startStep: 3, resumeFrom: 'a3' }), // 3: same ref
      rep('A', 4, 'a4'), // 4: a3 goes
      end('A', 'paused'),
      trialDecided(stop('A', 'given up')), // 6: a4 goes
    ]);
    assert.deepEqual(r.released, ['4: a3', '6: a4']);
  });

  it('failed and stopped trials release theirs; keepFinal keeps completed trials’ last checkpoint', () => {
    const events = [start('A'), rep('A', 1, 'a1'), end('A', 'failed'), start('B'), rep('B', 1, 'b1'), end('B')];
    assert.deepEqual(fold(events).released, ['2: a1', '5: b1']);
    const kept = fold(events, { keepFinal: true });
    assert.deepEqual(kept.released, ['2: a1']);
    assert.deepEqual(reachableCheckpoints(kept.state), ['b1']);
  });

  it('object refs are compared by identity', () => {
    const x = { path: 'x' };
    const y = { path: 'x' };
    let s = initialRetention();
    const step = (e: TrialEvent) => {
      const [n, rel] = retentionStep(s, e);
      s = n;
      return rel;
    };
    step(start('A'));
    step(trialReported('A', { step: 1, metrics: {}, checkpoint: x }, 0));
    assert.deepEqual(step(trialReported('A', { step: 2, metrics: {}, checkpoint: y }, 0)), [x]);
  });
});
