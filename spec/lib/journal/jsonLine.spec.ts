import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fromJsonLine, toJsonLine } from '../../../lib/jsonLine.js';
import { DecodeError } from '../../../lib/errors.js';
import { decodeTrialEvent } from '../../../lib/trialEventCodec.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { stop, fork, pause, promote } from '../../../lib/decision.js';
import {
  deadlineReached,
  studyStarted,
  trialDecided,
  trialEnded,
  trialReported,
  trialStarted,
} from '../../../lib/trialEvent.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { fakeTrial } from '../../../testing/index.js';

describe('toJsonLine / fromJsonLine', () => {
  const cases: ReadonlyArray<[string, unknown]> = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['nested', { a: [1, NaN, { b: -Infinity }], c: 'NaN', d: null, e: -0.5 }],
    ['a string that looks like a tag', { $num: 'NaN', other: 1 }],
  ];
  for (const [name, value] of cases)
    it(`keeps ${name} exactly`, () => {
      const line = toJsonLine(value);
      assert.ok(!line.includes('\n'));
      assert.deepEqual(fromJsonLine(line), value);
    });

  it('is valid JSON that other tools can read', () => {
    assert.deepEqual(JSON.parse(toJsonLine({ x: NaN })), { x: { $num: 'NaN' } });
  });

  it('names the line when it is not JSON', () => {
    assert.throws(
      () => fromJsonLine('{"a":', 'j.jsonl line 3'),
      (e: unknown) => {
        assert.ok(e instanceof DecodeError);
        assert.match(e.message, /^j\.jsonl line 3: not valid JSON/);
        return true;
      },
    );
  });
});

describe('TrialEventCodec', () => {
  const space = { lr: float(1e-4, 1e-1, { log: true }), n: int(1, 8), act: categorical(['relu', 'tanh']) };
  const A = fakeTrial('A', { lr: 0.01, n: 3, act: 'relu' });
  const events: TrialEvent[] = [
    studyStarted({
      seed: 'exp',
      objective: { metric: 'loss', mode: 'min' },
      concurrency: 2,
      budget: { trials: 5, deadline: Infinity },
      space,
    }),
    trialStarted(A),
    trialReported('A', { step: 1, metrics: { loss: 0.5, acc: 0.9 }, checkpoint: { w: [1, NaN] } }, -0.5),
    trialDecided(stop('A', 'below the cutoff', 1)),
    trialDecided(pause('A', 2)),
    trialDecided(promote('A', 2, 27)),
    trialDecided(
      fork({
        replaced: 'B',
        parent: 'A',
        step: 4,
        checkpoint: 'ck-4',
        config: { lr: 0.02, n: 3, act: 'tanh' },
        mutation: { lr: { _tag: 'Scaled', factor: 1.2, from: 0.01, to: 0.012 } },
      }),
    ),
    trialEnded('A', 'failed', { name: 'Error', message: 'boom' }),
    trialEnded('B', 'completed'),
    deadlineReached(60_000),
  ];
  for (const e of events)
    it(`round-trips ${e._tag}${e._tag === 'TrialDecided' ? ` ${e.decision._tag}` : ''} through a line`, () => {
      assert.deepEqual(decodeTrialEvent(fromJsonLine(toJsonLine(e)), 'x'), e);
    });

  const bad: ReadonlyArray<[string, unknown, RegExp]> = [
    ['an unknown tag', { _tag: 'TrialExploded' }, /_tag: "TrialExploded" is not one of StudyStarted, /],
    ['no tag', [1, 2], /_tag: undefined is not one of/],
    [
      'a wrong field type',
      { _tag: 'TrialReported', trialId: 'A', report: { step: 'one', metrics: {} }, score: 1 },
      /report\.step: "one" is not number/,
    ],
    ['a bad outcome', { _tag: 'TrialEnded', trialId: 'A', outcome: 'exploded' }, /outcome: "exploded"/],
    [
      'a bad space',
      { ...events[0], space: { lr: { _tag: 'Float', low: 5, high: 1, log: false } } },
      /space.*low \(5\) must be <= high \(1\)/,
    ],
  ];
  for (const [name, value, message] of bad)
    it(`names the field of ${name}`, () => {
      assert.throws(
        () => decodeTrialEvent(value, 'j.jsonl line 7'),
        (e: unknown) => {
          assert.ok(e instanceof DecodeError);
          assert.match(e.message, /^j\.jsonl line 7: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
});
