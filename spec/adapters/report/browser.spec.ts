import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import type { JournalHeader } from '../../../lib/journal/journalHeader.js';
import { writeReport } from '../../../adapters/report/writeReport.js';
import { dashboardOfJournal } from '../../../cli/commands/dashboard.js';
import { ARTIFACTS, chartSizes, launch, noChromium, watchedPage } from './browserHelpers.js';
import { ashaStudy, journalText, pbtStudy } from './fixtures/reportStudies.js';

const VIEWS = [
  'summary',
  'history',
  'intermediate',
  'importance',
  'slices',
  'contours',
  'parallel',
  'edf',
  'timeline',
  'lineage',
  'trials',
];

describe('the report in Chromium', { skip: noChromium }, () => {
  let browser: Browser;
  let dir: string;
  let asha: { header: JournalHeader; events: TrialEvent[] };
  let pbt: { header: JournalHeader; events: TrialEvent[] };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-browser-'));
    [asha, pbt] = await Promise.all([ashaStudy(), pbtStudy()]);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart, non-empty, without a console error (ASHA study and PBT study)', async () => {
    for (const [name, study, expected] of [
      ['asha', asha, ['history', 'intermediate', 'importance', 'slice-0', 'contour-0', 'parallel', 'edf', 'timeline']],
      ['pbt', pbt, ['history', 'intermediate', 'importance', 'slice-0', 'parallel', 'edf', 'timeline', 'lineage']],
    ] as const) {
      const file = join(dir, `${name}.html`);
      writeReport(file, study.events, { header: study.header });
      const { page, errors } = await watchedPage(browser);
      await page.goto(`file://${file}`);
      await page.waitForSelector('body[data-drawn]', { timeout: 60_000 });
      const charts = await chartSizes(page);
      for (const id of expected) {
        const c = charts.find((x) => x.id === `chart-${id}`);
        assert.ok(c, `${name}: chart-${id} is drawn (got ${charts.map((x) => x.id).join(', ')})`);
        assert.ok(c.width > 100 && c.height > 100, `${name}: chart-${id} has a size`);
        assert.ok(c.marks > 0, `${name}: chart-${id} has marks`);
      }
      assert.match((await page.textContent('#summary')) ?? '', /best\s*trial \d+/);
      assert.deepEqual(errors, [], `${name}: console errors`);
      for (const v of VIEWS) await page.locator(`#view-${v}`).screenshot({ path: `${ARTIFACTS}/${name}-${v}.png` });
      await page.close();
    }
  });

  it('sorts the trials table by a column, both ways', async () => {
    const file = join(dir, 'sort.html');
    writeReport(file, asha.events, { header: asha.header });
    const { page, errors } = await watchedPage(browser);
    await page.goto(`file://${file}`);
    await page.waitForSelector('#trials');
    const column = async (k: number): Promise<number[]> =>
      (await page.$$eval(`#trials tbody tr td:nth-child(${k})`, (tds) => tds.map((td) => td.textContent ?? '')))
        .filter((s) => s !== '')
        .map(Number);
    const asc = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) <= x);
    assert.ok(asc(await column(1)), 'by number at first');
    await page.click('#trials th[data-key="value"]');
    const up = await column(4);
    assert.ok(up.length > 10 && asc(up), `ascending values: ${up.slice(0, 5).join(' ')}`);
    await page.click('#trials th[data-key="value"]');
    const down = await column(4);
    assert.ok(asc([...down].reverse()), 'descending values');
    assert.equal(down[0], Math.max(...up));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the live page shows a new trial within 2 s of it reaching the journal', async () => {
    const path = join(dir, 'live.jsonl');
    const text = journalText(asha.header, asha.events).split('\n');
    // Cut just before a TrialStarted, so the next append brings exactly one new trial.
    const cut = text.findIndex((l, i) => i > text.length / 2 && l.includes('"_tag":"TrialStarted"'));
    writeFileSync(path, `${text.slice(0, cut).join('\n')}\n`);
    const d = await dashboardOfJournal(path, { port: 0 }, { out: () => {}, err: () => {} });
    const { page, errors } = await watchedPage(browser);
    try {
      await page.goto(d.server.url);
      await page.waitForSelector('body[data-trials]', { timeout: 60_000 });
      const before = Number(await page.getAttribute('body', 'data-trials'));
      const started = JSON.parse(text[cut] as string) as { trial: { number: number } };
      appendFileSync(path, `${text[cut]}\n`);
      const t0 = Date.now();
      await page.waitForFunction(
        (n) =>
          (
            globalThis as unknown as { document: { body: { getAttribute(a: string): string | null } } }
          ).document.body.getAttribute('data-trials') === String(n),
        before + 1,
        {
          timeout: 2000,
        },
      );
      const ms = Date.now() - t0;
      assert.ok(ms <= 2000, `shown after ${ms} ms`);
      assert.match((await page.textContent('#summary')) ?? '', new RegExp(`${before + 1} \\(`));
      assert.equal(started.trial.number, before);
      for (const v of VIEWS) await page.locator(`#view-${v}`).screenshot({ path: `${ARTIFACTS}/live-${v}.png` });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await d.close();
    }
  });

  it('shows the loading progress of a big journal, then the page', async () => {
    const path = join(dir, 'progress.jsonl');
    writeFileSync(path, journalText(asha.header, asha.events));
    const d = await dashboardOfJournal(path, { port: 0 }, { out: () => {}, err: () => {} });
    const { page, errors } = await watchedPage(browser);
    try {
      await page.goto(d.server.url);
      await page.waitForSelector('body[data-trials="60"]', { timeout: 60_000 });
      assert.equal(await page.isHidden('#progress'), true, 'the bar is gone once loaded');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await d.close();
    }
  });
});
