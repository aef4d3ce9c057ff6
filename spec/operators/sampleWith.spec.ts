import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER, Subject } from 'rxjs';
import { derive, seedInt } from '../../lib/rng.js';
import type { Sampler } from '../../lib/sampler.js';
import type { StudyState } from '../../lib/studyState.js';
import { foldStudy, reduceStudy } from '../../lib/studyState.js';
import type { Trial } from '../../lib/trial.js';
import { studyStarted, trialEnded, trialStarted } from '../../lib/trialEvent.js';
import { sampleWith } from '../../operators/index.js';
import { randomSampler } from '../../strategies/index.js';
import { testScheduler } from '../helpers/timeline.js';
import { studyInit } from '../helpers/studyInit.js';

const init = studyInit({ trials: 3 }, 1);
const s0 = foldStudy(init, [studyStarted(init)]);

const counter: Sampler<number> = { name: 'counter', init: () => 0, ask: (n) => [{ x: n / 10 }, n + 1] };

describe('sampleWith', () => {
  it('never and empty state streams', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(NEVER.pipe(sampleWith(counter))).toBe('');
      expectObservable(cold<StudyState>('|').pipe(sampleWith(counter))).toBe('|');
    }));

  it('asks once per state while slots are free, only after the previous trial is in the state, and completes when spent and idle', () => {
    // Close the loop by hand: every emitted trial is started in the next state.
    const states = new Subject<StudyState>();
    let state = s0;
    const log: string[] = [];
    const push = (e: Parameters<typeof reduceStudy>[1]) => {
      state = reduceStudy(state, e);
      states.next(state);
    };
    states.pipe(sampleWith(counter)).subscribe({
      next: (t) => {
        log.push(`ask ${t.id}`);
        push(trialStarted(t as Trial));
      },
      complete: () => log.push('complete'),
    });
    states.next(state);
    assert.deepEqual(log, ['ask 0', 'ask 1']); // concurrency 2: the third waits for a free slot
    push(trialEnded('0', 'completed'));
    assert.deepEqual(log, ['ask 0', 'ask 1', 'ask 2']); // budget of 3 trials now spent
    push(trialEnded('1', 'completed'));
    assert.deepEqual(log.at(-1), 'ask 2'); // trial 2 still runs
    push(trialEnded('2', 'completed'));
    assert.deepEqual(log.at(-1), 'complete');
  });

  it('state stream error passes through', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<StudyState>('#').pipe(sampleWith(counter))).toBe('#');
    }));

  it('a throwing sampler errors the stream (a sampler bug is never swallowed)', () =>
    testScheduler().run(({ cold, expectObservable }) => {
      const boom: Sampler<null> = {
        name: 'boom',
        init: () => null,
        ask: () => {
          throw new Error('sampler bug');
        },
      };
      expectObservable(cold('a', { a: s0 }).pipe(sampleWith(boom))).toBe('#', {}, new Error('sampler bug'));
    }));

  it('early unsubscribe releases an external config source', () =>
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const configs = hot('--a--b--c', { a: { x: 0.1 }, b: { x: 0.2 }, c: { x: 0.3 } });
      const out = cold('a', { a: s0 }).pipe(sampleWith(configs));
      expectObservable(out, '^---!').toBe('--t', {
        t: {
          id: '0',
          number: 0,
          config: { x: 0.1 },
          seed: seedInt(derive(1, '0')),
          segment: 0,
          startStep: 0,
          lineage: [],
          study: { seed: 1, objective: init.objective },
        },
      });
      expectSubscriptions(configs.subscriptions).toBe('^---!');
    }));

  it('derives the sampler RNG from the study seed (same seed, same configs)', () => {
    const ask = (seed: number) => {
      const out: unknown[] = [];
      const st = foldStudy({ ...init, seed }, [studyStarted({ ...init, seed })]);
      testScheduler().run(({ cold, flush }) => {
        cold('a', { a: st })
          .pipe(sampleWith(randomSampler()))
          .subscribe((t) => out.push(t.config));
        flush();
      });
      return out;
    };
    assert.deepEqual(ask(5), ask(5));
    assert.notDeepEqual(ask(5), ask(6));
  });
});
