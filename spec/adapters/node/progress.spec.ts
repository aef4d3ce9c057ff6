import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { NEVER } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { ProgressOptions } from '../../../adapters/node/progress.js';
import { progress } from '../../../adapters/node/progress.js';
import { float } from '../../../lib/distribution.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import type { Budget, TrialEvent } from '../../../lib/trialEvent.js';
import { studyStarted, trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { fakeTrial, report } from '../../../testing/index.js';
import { testScheduler } from '../../helpers/timeline.js';

/** A stream that says it is a terminal (or not) and records each write with the virtual time. */
const fakeStream = (ts: TestScheduler, isTTY: boolean) => {
  const writes: Array<[number, string]> = [];
  return { isTTY, columns: 200, write: (s: string) => (writes.push([ts.now(), s]), true), writes };
};
/** What a terminal shows: each line drawn (cursor to column 1, text, clear to the end), with its time. */
const drawn = (writes: ReadonlyArray<[number, string]>): string[] =>
  writes.flatMap(([t, s], i) => (writes[i - 1]?.[1] === '\x1b[1G' ? [`${t}: ${s}`] : []));

const start = (budget: Budget) =>
  studyStarted({
    seed: 0,
    objective: { metric: 'loss', mode: 'min' },
    concurrency: 2,
    budget,
    space: { x: float(0, 1) },
  });
// prettier-ignore
const values: Record<string, TrialEvent> = {
  s: start({ trials: 2 }),
  a: trialStarted(fakeTrial('0', { x: 0.1 })), b: trialStarted(fakeTrial('1', { x: 0.2 })),
  r: trialReported('0', report(1, { loss: 0.25 }), -0.25), q: trialReported('1', report(1, { loss: 0.5 }), -0.5),
  A: trialEnded('0', 'completed'), B: trialEnded('1', 'stopped'),
};
const bar = (filled: number) => `${'\u2588'.repeat(filled)}${'\u2591'.repeat(8 - filled)}`;

const withProgress = (isTTY: boolean, f: (ts: TestScheduler, options: ProgressOptions) => void) => {
  const ts = testScheduler();
  const stream = fakeStream(ts, isTTY);
  ts.run(() => f(ts, { stream, scheduler: ts, intervalMs: 1000, barSize: 8 }));
  return stream.writes;
};

describe('progress (marbles, a fake terminal)', () => {
  it('many: passes every event through unchanged and draws on trial starts and ends (at most every 100 ms) and on each tick', () => {
    const writes = withProgress(true, (ts, options) => {
      const events = ts.createColdObservable('s 499ms a b 1497ms r A 998ms q B |', values);
      ts.expectObservable(events.pipe(progress(options))).toBe('s 499ms a b 1497ms r A 998ms q B |', values);
      ts.expectSubscriptions(events.subscriptions).toBe('^ 3000ms !');
    });
    assert.deepEqual(drawn(writes), [
      '0: 0 trials | 0 running, 0 completed | best value - | 0:00 elapsed, ETA ?',
      `0: ${bar(0)} 0/2 trials | 0 running, 0 completed | best loss - | 0:00 elapsed, ETA ?`,
      `500: ${bar(0)} 0/2 trials | 1 running, 0 completed | best loss - | 0:01 elapsed, ETA ?`,
      // b, 1 ms after a, waits for the next tick: events draw at most every 100 ms.
      `1000: ${bar(0)} 0/2 trials | 2 running, 0 completed | best loss - | 0:01 elapsed, ETA ?`,
      `2000: ${bar(4)} 1/2 trials | 1 running, 1 completed | best loss 0.25 (trial 0) | 0:02 elapsed, ETA 0:02`,
      `3000: ${bar(8)} 2/2 trials | 0 running, 1 completed, 1 stopped | best loss 0.25 (trial 0) | 0:03 elapsed, ETA 0:00`,
      `3001: ${bar(8)} 2/2 trials | 0 running, 1 completed, 1 stopped | best loss 0.25 (trial 0) | 0:03 elapsed`,
    ]);
    const text = writes.map(([, s]) => s).join('');
    assert.ok(text.endsWith('\n'), 'the bar ends its line when the study completes');
  });

  it('never: only the clock moves, once per interval, until unsubscribed; then the bar stops and nothing more is written', () => {
    const writes = withProgress(true, (ts, options) => {
      ts.expectObservable(NEVER.pipe(progress(options)), '^ 2400ms !').toBe('');
    });
    assert.deepEqual(
      drawn(writes).map((l) => l.replace(/ \|.*\| /, ' … ')),
      [
        '0: 0 trials … 0:00 elapsed, ETA ?',
        '1000: 0 trials … 0:01 elapsed, ETA ?',
        '2000: 0 trials … 0:02 elapsed, ETA ?',
        '2401: 0 trials … 0:02 elapsed',
      ],
    );
    assert.equal(writes.at(-1)?.[1], '\n');
    assert.equal(writes.at(-1)?.[0], 2401);
  });

  it('empty: completes at once with one final line', () => {
    const writes = withProgress(true, (ts, options) => {
      ts.expectObservable(ts.createColdObservable<TrialEvent>('|').pipe(progress(options))).toBe('|');
    });
    assert.deepEqual(drawn(writes).at(-1), '0: 0 trials | 0 running, 0 completed | best value - | 0:00 elapsed');
  });

  it('one: a study that starts and ends at once shows its budget, nothing done, and no ETA', () => {
    const writes = withProgress(true, (ts, options) => {
      const events = ts.createColdObservable('s|', values);
      ts.expectObservable(events.pipe(progress(options))).toBe('s|', values);
      ts.expectSubscriptions(events.subscriptions).toBe('^!');
    });
    assert.deepEqual(
      drawn(writes).at(-1),
      `1: ${bar(0)} 0/2 trials | 0 running, 0 completed | best loss - | 0:00 elapsed`,
    );
  });

  it('one event, then a source error: the error passes through after the bar is stopped', () => {
    const writes = withProgress(true, (ts, options) => {
      const events = ts.createColdObservable<TrialEvent>('s 999ms #', values, new Error('boom'));
      ts.expectObservable(events.pipe(progress(options))).toBe('s 999ms #', values, new Error('boom'));
      ts.expectSubscriptions(events.subscriptions).toBe('^ 999ms !');
    });
    assert.equal(writes.at(-1)?.[1], '\n');
    assert.match(drawn(writes).at(-1) ?? '', /^1000: .* 0\/2 trials .* 0:01 elapsed$/);
  });

  it('early unsubscribe: the source is unsubscribed in the same frame and the ticks stop', () => {
    const writes = withProgress(true, (ts, options) => {
      const events = ts.createColdObservable('s 9999ms A|', values);
      ts.expectObservable(events.pipe(progress(options)), '^ 1500ms !').toBe('s', values);
      ts.expectSubscriptions(events.subscriptions).toBe('^ 1500ms !');
    });
    assert.ok(
      writes.every(([t]) => t <= 1501),
      'nothing is written after the unsubscription',
    );
  });
});

describe('progress when the stream is not a terminal', () => {
  it('writes nothing while the study runs and one summary line at the end', () => {
    const writes = withProgress(false, (ts, options) => {
      const events = ts.createColdObservable('s 499ms a b 1497ms r A 998ms q B |', values);
      ts.expectObservable(events.pipe(progress(options))).toBe('s 499ms a b 1497ms r A 998ms q B |', values);
    });
    assert.deepEqual(writes, [
      [3001, 'rxhpo: 2/2 trials | 0 running, 1 completed, 1 stopped | best loss 0.25 (trial 0) | 0:03 elapsed\n'],
    ]);
  });

  it('also on an error and on an unsubscription; with notTTY silent, nothing at all', () => {
    const onError = withProgress(false, (ts, options) => {
      ts.expectObservable(ts.createColdObservable<TrialEvent>('-#').pipe(progress(options))).toBe('-#');
    });
    assert.deepEqual(onError, [[1, 'rxhpo: 0 trials | 0 running, 0 completed | best value - | 0:00 elapsed\n']]);
    const onUnsubscribe = withProgress(false, (ts, options) => {
      ts.expectObservable(NEVER.pipe(progress(options)), '^ 2000ms !').toBe('');
    });
    assert.equal(onUnsubscribe.length, 1);
    assert.equal(onUnsubscribe[0]?.[0], 2001);
    const silent = withProgress(false, (ts, options) => {
      const events = ts.createColdObservable('s a r A |', values);
      ts.expectObservable(events.pipe(progress({ ...options, notTTY: 'silent' }))).toBe('s a r A |', values);
    });
    assert.deepEqual(silent, []);
  });
});

describe('progress options', () => {
  it('bad options throw InvalidOptionsError naming the field and the value, before any subscription', () => {
    // prettier-ignore
    const cases: Array<[ProgressOptions, RegExp]> = [
      [{ intervalMs: 0 }, /intervalMs must be > 0, got 0/],
      [{ barSize: 2.5 }, /barSize must be an integer >= 1, got 2\.5/],
      [{ notTTY: 'loud' as 'silent' }, /notTTY must be 'summary' or 'silent', got "loud"/],
    ];
    for (const [options, message] of cases)
      assert.throws(
        () => progress(options),
        (e: unknown) =>
          e instanceof InvalidOptionsError && message.test(e.message) && e.message.startsWith('progress: '),
      );
  });
});
