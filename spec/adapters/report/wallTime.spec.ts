// Wall time recorded in journals, as the report, the live follower, the Optuna export and `rxhpo show`
// use it; journals without times keep working as before.
import { before, after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, pipe, toArray } from 'rxjs';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import type { JournalHeader } from '../../../lib/journal/journalHeader.js';
import { float } from '../../../lib/distribution.js';
import { pyLoads } from '../../../lib/journal/pyJson.js';
import { optunaDatetime, toOptunaJournal } from '../../../lib/journal/toOptunaJournal.js';
import { sampleWith, study, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { report } from '../../../testing/index.js';
import { readJournal } from '../../../adapters/node/journalFile.js';
import { journalTo } from '../../../adapters/node/journalTo.js';
import { reportModel } from '../../../adapters/report/reportModel.js';
import { followJournal } from '../../../adapters/report/journalFollower.js';
import { showCommand } from '../../../cli/commands/show.js';
import { exportEvents } from '../../helpers/optunaStudyEvents.js';
import { ashaStudy } from './fixtures/reportStudies.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-wall-time-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const writeStudy = async (path: string): Promise<void> => {
  await lastValueFrom(
    study(
      { space: { x: float(0, 1) }, objective: { metric: 'loss', mode: 'min' }, seed: 3, budget: { trials: 4 } },
      pipe(
        sampleWith(randomSampler()),
        trainWith((t) => of(report(1, { loss: t.config.x }))),
      ),
    ).pipe(journalTo(path), toArray()),
  );
};
// The same journal as an older writer left it: no `t` on any line.
const withoutTimes = (text: string): string => text.replace(/,"t":\d+\}$/gm, '}');

describe('reportModel with wall times', () => {
  let asha: { header: JournalHeader; events: TrialEvent[] };
  before(async () => {
    asha = await ashaStudy();
  });

  it('without times: no wall time, the timeline keeps event order', () => {
    const m = reportModel(asha.events, { header: asha.header });
    assert.equal(m.summary.wallTime, undefined);
    assert.equal(m.trials.startMs, undefined);
    assert.equal(m.trials.durationMs, undefined);
  });

  const table: ReadonlyArray<{ readonly name: string; readonly at: (i: number) => number | undefined }> = [
    { name: 'every event timed', at: (i) => 1_000_000 + 10 * i },
    { name: 'the header untimed', at: (i) => (i === 0 ? undefined : 1_000_000 + 10 * i) },
  ];
  for (const row of table)
    it(`${row.name}: wall time first to last timed event, trial spans on a time axis`, () => {
      const times = asha.events.map((_, i) => row.at(i));
      const m = reportModel(asha.events, { header: asha.header, times });
      const t0 = times.find((t) => t !== undefined) as number;
      const last = times.at(-1) as number;
      assert.deepEqual(m.summary.wallTime, { start: t0, end: last, ms: last - t0 });
      const { start, end, startMs, endMs, durationMs } = m.trials;
      assert.deepEqual(
        startMs,
        start.map((i) => (row.at(i) as number) - t0),
      );
      assert.deepEqual(
        endMs,
        end.map((i) => (i === null ? null : (row.at(i) as number) - t0)),
      );
      assert.deepEqual(
        durationMs,
        end.map((e, k) => (e === null ? null : 10 * (e - (start[k] as number)))),
      );
      assert.deepEqual(
        m.trials.value,
        reportModel(asha.events, { header: asha.header }).trials.value,
        'the rest of the model does not change',
      );
    });
});

describe('toOptunaJournal with wall times', () => {
  const base = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  const datetimes = (times?: ReadonlyArray<number | undefined>): { start: unknown[]; complete: unknown[] } => {
    const records = toOptunaJournal(exportEvents, { start: base, ...(times ? { times } : {}) })
      .trimEnd()
      .split('\n')
      .map((l) => pyLoads(l) as Record<string, unknown>);
    return {
      start: records.filter((r) => r.op_code === 4).map((r) => r.datetime_start),
      complete: records.filter((r) => r.op_code === 6).map((r) => r.datetime_complete),
    };
  };

  it('uses the recorded times for datetime_start and datetime_complete', () => {
    const times = exportEvents.map((_, i) => base + 60_000 * i);
    const d = datetimes(times);
    assert.equal(d.start[0], optunaDatetime(base + 60_000), 'trial 0 starts at event 1, a minute in');
    const derived = datetimes();
    assert.equal(derived.start[0], optunaDatetime(base + 1), 'without times: derived from the order');
    assert.equal(d.complete.length, derived.complete.length);
    // Derived datetimes are `base + i` ms; recorded ones are `base + i` minutes: the same order, scaled.
    const index = (s: unknown): number => (Date.parse(String(s).replace(/(\.\d{3})\d{3}/, '$1')) - base) / 60_000;
    const indexDerived = (s: unknown): number => Date.parse(String(s).replace(/(\.\d{3})\d{3}/, '$1')) - base;
    assert.deepEqual(d.complete.map(index), derived.complete.map(indexDerived));
  });

  it('falls back to the derivation for events without a time', () => {
    const times = exportEvents.map((_, i) => (i === 1 ? undefined : base + 60_000 * i));
    assert.equal(datetimes(times).start[0], optunaDatetime(base + 1));
  });
});

describe('followJournal with wall times', () => {
  it('passes each event’s time through, parallel to the events, as readJournal reads them', async () => {
    const path = join(dir, 'followed.jsonl');
    await writeStudy(path);
    const events: TrialEvent[] = [];
    const times: Array<number | undefined> = [];
    await new Promise<void>((resolve, reject) => {
      const f = followJournal(path, {
        onEvents: (fresh, _h, at) => {
          assert.equal(at.length, fresh.length);
          events.push(...fresh);
          times.push(...at);
        },
        onProgress: (loaded, total) => {
          if (loaded === total) {
            f.close();
            resolve();
          }
        },
        onError: reject,
      });
    });
    const j = readJournal(path);
    assert.deepEqual(events, j.events);
    assert.deepEqual(times, j.times);
    assert.ok(times.every((t) => typeof t === 'number'));
  });
});

describe('rxhpo show with wall times', () => {
  const run = (args: string[]): string => {
    let out = '';
    const code = showCommand.run(args, { out: (s: string) => (out += s), err: () => undefined });
    assert.equal(code, 0);
    return out;
  };

  it('prints the wall time when the journal records times, and nothing new otherwise', async () => {
    const path = join(dir, 'shown.jsonl');
    await writeStudy(path);
    const { times } = readJournal(path);
    const ms = (times.at(-1) as number) - (times[0] as number);
    assert.match(run([path]), /^wall time: [\d.]+ s$/m);
    assert.equal((JSON.parse(run([path, '--json'])) as { wallTimeMs?: unknown }).wallTimeMs, ms);
    const old = join(dir, 'old.jsonl');
    writeFileSync(old, withoutTimes(readFileSync(path, 'utf8')));
    assert.deepEqual(readJournal(old).events, readJournal(path).events);
    assert.doesNotMatch(run([old]), /wall time/);
    assert.equal((JSON.parse(run([old, '--json'])) as { wallTimeMs?: unknown }).wallTimeMs, undefined);
  });
});
