import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { float } from '../../../lib/distribution.js';
import { DecodeError } from '../../../lib/errors.js';
import { journalHeader } from '../../../lib/journal/journalHeader.js';
import { parseJournal } from '../../../lib/journal/parseJournal.js';
import { toJsonLine } from '../../../lib/jsonLine.js';
import type { StudyStarted, TrialEvent } from '../../../lib/trialEvent.js';
import { trialEnded } from '../../../lib/trialEvent.js';

const started: StudyStarted = {
  _tag: 'StudyStarted',
  seed: 1,
  objective: { metric: 'loss', mode: 'min' },
  concurrency: 1,
  budget: { trials: 1 },
  space: { x: float(0, 1) },
};
const header = journalHeader(started, { library: 'rxhpo' });
const ended: TrialEvent = trialEnded('t0', 'completed');
const line = (record: unknown, t?: unknown): string =>
  toJsonLine(t === undefined ? record : { ...(record as object), t });

describe('parseJournal times', () => {
  const table: ReadonlyArray<{
    readonly name: string;
    readonly lines: ReadonlyArray<string>;
    readonly times: ReadonlyArray<number | undefined>;
  }> = [
    { name: 'no times (older journals)', lines: [line(header), line(ended)], times: [undefined, undefined] },
    { name: 'every line timed', lines: [line(header, 1000), line(ended, 1250)], times: [1000, 1250] },
    { name: 'some lines timed', lines: [line(header), line(ended, 7)], times: [undefined, 7] },
  ];
  for (const row of table)
    it(row.name, () => {
      const p = parseJournal(`${row.lines.join('\n')}\n`, 'j.jsonl');
      assert.deepEqual(p.times, row.times);
      assert.deepEqual(p.events, [started, ended], 'events are the same with or without times');
      assert.ok(!Object.hasOwn(p.header ?? {}, 't'), 'the header does not keep `t`');
    });

  it('names the line of a time that is not a number', () => {
    assert.throws(
      () => parseJournal(`${line(header)}\n${line(ended, 'noon')}\n`, 'j.jsonl'),
      (e: unknown) => e instanceof DecodeError && /j\.jsonl line 2/.test(e.message) && /t: "noon"/.test(e.message),
    );
  });

  it('keeps times parallel to events when a torn last line is dropped', () => {
    const p = parseJournal(`${line(header, 1)}\n${line(ended, 2)}\n{"_tag":"Tri`, 'j.jsonl');
    assert.deepEqual(p.times, [1, 2]);
    assert.equal(p.events.length, 2);
    assert.equal(p.torn?.line, 3);
  });
});
