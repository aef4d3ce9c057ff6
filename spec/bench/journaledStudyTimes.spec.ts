import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tap } from 'rxjs';
import { perTrialMs, studyTimes } from '../../bench/overheadRuns.js';
import { journalTo } from '../../adapters/node/journalTo.js';
import { readJournal } from '../../adapters/node/journalFile.js';
import { randomSampler } from '../../strategies/samplers/randomSampler.js';

describe('studyTimes with a tail (the journal-overhead path)', () => {
  it('pipes every event of the study through the tail', () => {
    const tags: string[] = [];
    const t = studyTimes(
      randomSampler(),
      0,
      5,
      tap((e) => tags.push(e._tag)),
    );
    assert.equal(t.ask.length, 5);
    assert.equal(tags[0], 'StudyStarted');
    assert.equal(tags.filter((x) => x === 'TrialEnded').length, 5);
  });

  it('journals every trial into the file, timed like the plain study path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-jbench-'));
    try {
      const path = join(dir, 'journal.jsonl');
      const t = studyTimes(randomSampler(), 0, 20, journalTo(path));
      assert.equal(perTrialMs(t).length, 20);
      const j = readJournal(path);
      assert.ok(j.header);
      assert.equal(j.events.filter((e) => e._tag === 'TrialEnded').length, 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
