import { describe, it, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, pipe, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { float } from '../../../lib/distribution.js';
import { sampleWith, study, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { report } from '../../../testing/index.js';
import { readJournal } from '../../../adapters/node/journalFile.js';
import { journalTo } from '../../../adapters/node/journalTo.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';

const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' as const };
const quick = (trials: number) =>
  study(
    { space, objective, seed: 1, budget: { trials } },
    pipe(
      sampleWith(randomSampler()),
      trainWith((t) => of(report(1, { loss: t.config.x }))),
    ),
  );

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-journal-time-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journalTo wall time', () => {
  it("stamps every line with the injected scheduler's now(), in virtual time", async () => {
    const events = (await lastValueFrom(quick(2).pipe(toArray()))) as TrialEvent[];
    const path = join(dir, 'j.jsonl');
    const ts = new TestScheduler((a, b) => assert.deepEqual(a, b));
    // One event every 10 virtual ms, starting at frame 5.
    const marbles = `5ms ${events.map((_, i) => String.fromCharCode(97 + i)).join(' 9ms ')}|`;
    const values = Object.fromEntries(events.map((e, i) => [String.fromCharCode(97 + i), e]));
    ts.run(({ cold, expectObservable }) => {
      const source = cold<TrialEvent>(marbles, values);
      expectObservable(source.pipe(journalTo(path, { scheduler: ts }))).toBe(marbles, values);
    });
    const j = readJournal(path);
    assert.deepEqual(j.events, events, 'the time does not leak into the events');
    assert.deepEqual(
      j.times,
      events.map((_, i) => 5 + 10 * i),
    );
    const first = JSON.parse(readFileSync(path, 'utf8').split('\n')[1] ?? '') as { t?: unknown };
    assert.equal(first.t, 15, 'the time is a top-level field `t` of the line');
  });

  it('defaults to the wall clock', async () => {
    const path = join(dir, 'j.jsonl');
    const before = Date.now();
    await lastValueFrom(quick(2).pipe(journalTo(path), toArray()));
    const after = Date.now();
    const { times } = readJournal(path);
    assert.ok(times.length > 0);
    for (const t of times) assert.ok(t !== undefined && t >= before && t <= after, `${t} within [${before}, ${after}]`);
    for (let i = 1; i < times.length; i += 1) assert.ok((times[i] ?? 0) >= (times[i - 1] ?? 0), 'non-decreasing');
  });
});
