import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEVER, concat, from } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import type { JournalHeader } from '../../../lib/journal/journalHeader.js';
import { toJsonLine } from '../../../lib/jsonLine.js';
import type { ReportModel } from '../../../adapters/report/reportModel.js';
import { startDashboard } from '../../../adapters/report/dashboardServer.js';
import { followJournal } from '../../../adapters/report/journalFollower.js';
import { serveDashboard } from '../../../adapters/report/serveDashboard.js';
import { dashboardCommand, dashboardOfJournal } from '../../../cli/commands/dashboard.js';
import { UsageError } from '../../../cli/cliCommand.js';
import { ashaStudy, journalText } from './fixtures/reportStudies.js';

// Polls until `check` holds (the server redraws on a throttle), failing after `ms`.
const eventually = async <T>(get: () => Promise<T>, check: (v: T) => boolean, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (check(v)) return v;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${JSON.stringify(v).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const modelAt = async (url: string): Promise<ReportModel | undefined> => {
  const r = await fetch(`${url}model.json`);
  return r.status === 200 ? ((await r.json()) as ReportModel) : undefined;
};
const io = { out: () => {}, err: () => {} };

describe('the live dashboard', () => {
  let dir: string;
  let header: JournalHeader;
  let events: TrialEvent[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-dash-'));
    ({ header, events } = await ashaStudy());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a growing journal: only complete lines, and new ones as they are appended', async () => {
    const path = join(dir, 'grow.jsonl');
    const text = journalText(header, events);
    const cut = text.indexOf('\n', text.length / 2);
    // The first half ends mid-line: the follower must wait for the rest of that line.
    writeFileSync(path, text.slice(0, cut + 10));
    const seen: TrialEvent[] = [];
    const progress: number[] = [];
    const errors: Error[] = [];
    const f = followJournal(
      path,
      { onEvents: (es) => seen.push(...es), onProgress: (l) => progress.push(l), onError: (e) => errors.push(e) },
      { pollMs: 50, chunk: 4096 },
    );
    try {
      const firstLines = text.slice(0, cut).split('\n').length;
      await eventually(
        async () => seen.length,
        (n) => n === firstLines,
      );
      assert.ok(progress.length > 2, 'progress per chunk');
      appendFileSync(path, text.slice(cut + 10));
      await eventually(
        async () => seen.length,
        (n) => n === events.length,
      );
      assert.deepEqual(seen, events);
      assert.deepEqual(errors, []);
    } finally {
      f.close();
    }
  });

  it('stops with an error naming the file and line of a corrupt record', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${toJsonLine(header)}\n{"_tag":"Nope"}\n`);
    const errors: Error[] = [];
    const f = followJournal(path, { onEvents: () => {}, onError: (e) => errors.push(e) }, { pollMs: 50 });
    await eventually(
      async () => errors.length,
      (n) => n === 1,
    );
    f.close();
    assert.match(errors[0]?.message ?? '', /bad\.jsonl line 2: _tag/);
  });

  it('serves the page, the model and Server-Sent Events of each redraw', async () => {
    const d = await startDashboard({ port: 0, throttleMs: 20 });
    try {
      const page = await (await fetch(d.url)).text();
      assert.match(page, /window\.RXHPO_LIVE = true/);
      assert.equal(await modelAt(d.url), undefined);
      const sse = await fetch(`${d.url}events`);
      const reader = sse.body?.getReader();
      d.push(events.slice(0, 100), header);
      let text = '';
      while (!text.includes('event: model')) text += new TextDecoder().decode((await reader?.read())?.value);
      d.push(events.slice(100));
      const m = await eventually(
        () => modelAt(d.url),
        (x) => x?.summary.events === events.length,
      );
      assert.equal(m?.summary.counts.total, 60);
      await reader?.cancel();
      assert.equal((await fetch(`${d.url}nope`)).status, 404);
    } finally {
      await d.close();
    }
  });

  it('serveDashboard passes the study’s events through, serves them while it runs, and stops with it', async () => {
    let listening: (url: string) => void = () => {};
    const url = new Promise<string>((r) => (listening = r));
    const seen: TrialEvent[] = [];
    // A study still running: its events so far, and more to come.
    // Each event is stamped by the given clock: here one that advances 1 s per event.
    let now = 1_700_000_000_000;
    const clock = { now: () => (now += 1000) } as unknown as SchedulerLike;
    const sub = concat(from(events), NEVER)
      .pipe(serveDashboard({ port: 0, throttleMs: 20, scheduler: clock, onListening: (u) => listening(u) }))
      .subscribe((e) => seen.push(e));
    try {
      const u = await url;
      const m = await eventually(
        () => modelAt(u),
        (x) => x?.summary.events === events.length,
      );
      assert.equal(m?.summary.counts.total, 60);
      assert.equal(m?.summary.wallTime?.ms, (events.length - 1) * 1000, 'wall time from the clock');
      assert.deepEqual(seen, events);
      sub.unsubscribe();
      await eventually(
        () =>
          fetch(u).then(
            () => 'up',
            () => 'down',
          ),
        (s) => s === 'down',
      );
    } finally {
      sub.unsubscribe();
    }
  });

  it('dashboardOfJournal shows a bad line on the page and ends with 1', async () => {
    const path = join(dir, 'bad2.jsonl');
    writeFileSync(path, `${toJsonLine(header)}\nnot json\n`);
    const errs: string[] = [];
    const d = await dashboardOfJournal(path, { port: 0 }, { out: () => {}, err: (t) => errs.push(t) });
    assert.equal(await d.done, 1);
    assert.match(errs.join(''), /bad2\.jsonl line 2: not valid JSON/);
    await d.close();
  });

  it('the command refuses bad ports and missing files', async () => {
    await assert.rejects(async () => dashboardCommand.run(['x.jsonl', '--port', '99999'], io), UsageError);
    assert.equal(await dashboardCommand.run([join(dir, 'missing.jsonl'), '--port', '0'], io), 1);
  });
});
