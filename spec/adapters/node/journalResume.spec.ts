import { describe, it, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { durableStudy } from '../../../examples/durable/study.js';
import type { DurableFlags } from '../../../examples/durable/study.js';
import { openJournal, readJournal } from '../../../adapters/node/journalFile.js';
import { JournalMismatchError, journalTo } from '../../../adapters/node/journalTo.js';
import { interruptedRunEnd } from '../../../lib/replayCoordinator.js';
import { sameJson } from '../../../lib/sameJson.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-resume-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const flagsFor = (name: string, concurrency: number): DurableFlags => ({
  journal: join(dir, name),
  trials: 12,
  concurrency,
  seed: 4,
  stepMs: 1,
});

/** One session: open the journal, replay it, journal the rest; `stopAfter` new events, then unsubscribe. */
const session = async (flags: DurableFlags, stopAfter = Infinity) => {
  const journal = openJournal(flags.journal);
  const held = journal.events.length;
  const s = durableStudy(flags, journal.events).pipe(journalTo(journal));
  return lastValueFrom((Number.isFinite(stopAfter) ? s.pipe(take(held + stopAfter)) : s).pipe(toArray()));
};

describe('journalTo(openJournal(path)) resumes a journaled study', () => {
  it('appends after the events the journal holds: sessions stopped anywhere add up to one uninterrupted run', async () => {
    const whole = flagsFor('whole.jsonl', 1);
    await session(whole);
    const expected = readJournal(whole.journal).events;
    const cut = flagsFor('cut.jsonl', 1);
    for (const n of [7, 13, 1, 30, 22]) await session(cut, n);
    await session(cut);
    const events = readJournal(cut.journal).events;
    const closed = events.filter(interruptedRunEnd);
    assert.ok(closed.length > 0, 'some sessions stopped while a trial ran');
    // The ends written when a session stopped are annotations: without them, the run is the uninterrupted one.
    assert.ok(
      sameJson(
        events.filter((e) => !interruptedRunEnd(e)),
        expected,
      ),
    );
    assert.equal(
      readFileSync(cut.journal, 'utf8')
        .split('\n')
        .filter((l) => l.includes('JournalHeader')).length,
      1,
    );
  });

  it('with concurrency 3, sessions stopped anywhere lose and duplicate no completed trial', async () => {
    const cut = flagsFor('cut3.jsonl', 3);
    for (const n of [9, 25, 4, 40]) await session(cut, n);
    await session(cut);
    const events = readJournal(cut.journal).events;
    const done = events.flatMap((e) => (e._tag === 'TrialEnded' && e.outcome === 'completed' ? [e.trialId] : []));
    assert.equal(new Set(done).size, done.length);
    const fresh = events.filter((e) => e._tag === 'TrialStarted' && e.trial.segment === 0);
    assert.equal(fresh.length, 12);
    const open = new Set<string>();
    for (const e of events) {
      if (e._tag === 'TrialStarted') open.add(e.trial.id);
      if (e._tag === 'TrialEnded' && !interruptedRunEnd(e)) open.delete(e.trialId);
    }
    assert.equal(open.size, 0, 'every trial ended');
  });

  it('refuses an open journal whose header names another sampler, and leaves it as it was', async () => {
    const f = flagsFor('a.jsonl', 1);
    await session(f, 10);
    const before = readFileSync(f.journal, 'utf8');
    const journal = openJournal(f.journal);
    await assert.rejects(
      lastValueFrom(durableStudy(f, journal.events).pipe(journalTo(journal, { sampler: { name: 'random' } }))),
      (e: unknown) => e instanceof JournalMismatchError && /sampler/.test(e.message),
    );
    assert.equal(readFileSync(f.journal, 'utf8'), before);
  });
});
