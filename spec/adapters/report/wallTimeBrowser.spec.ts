// The report drawn from a journal that records wall times: the summary, the timeline's time axis and the
// trials table's duration column, in Chromium.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import type { JournalHeader } from '../../../lib/journal/journalHeader.js';
import { writeReport } from '../../../adapters/report/writeReport.js';
import { ARTIFACTS, chartSizes, launch, noChromium, watchedPage } from './browserHelpers.js';
import { ashaStudy } from './fixtures/reportStudies.js';

describe('the report with wall times, in Chromium', { skip: noChromium }, () => {
  let browser: Browser;
  let dir: string;
  let asha: { header: JournalHeader; events: TrialEvent[] };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-browser-time-'));
    asha = await ashaStudy();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the wall time, a time axis on the timeline and a sortable duration column', async () => {
    const file = join(dir, 'timed.html');
    // Event i happens 1.5 s after event i − 1: the study takes 1.5 × (events − 1) seconds.
    const times = asha.events.map((_, i) => Date.UTC(2026, 0, 1) + 1500 * i);
    writeReport(file, asha.events, { header: asha.header, times });
    const { page, errors } = await watchedPage(browser);
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-drawn]', { timeout: 60_000 });
    const summary = (await page.textContent('#summary')) ?? '';
    assert.match(summary, /wall time\s*\d+ min \d\d s \(2026-01-01T00:00:00\.000Z to /);
    const timeline = (await chartSizes(page)).find((c) => c.id === 'chart-timeline');
    assert.ok(timeline && timeline.marks > 0, 'the timeline is drawn');
    assert.match((await page.textContent('#chart-timeline')) ?? '', /wall time since the study started \(s\)/);
    await page.click('#trials th[data-key="duration"]');
    const seconds = (text: string): number => {
      const hm = /^(\d+) h (\d+) min$/.exec(text);
      if (hm) return 3600 * Number(hm[1]) + 60 * Number(hm[2]);
      const ms = /^(\d+) min (\d+) s$/.exec(text);
      if (ms) return 60 * Number(ms[1]) + Number(ms[2]);
      const s = /^([\d.]+) s$/.exec(text);
      if (s) return Number(s[1]);
      const m = /^(\d+) ms$/.exec(text);
      return m ? Number(m[1]) / 1000 : NaN;
    };
    const durations = (
      await page.$$eval('#trials tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent ?? ''))
    )
      .filter((x) => x !== '')
      .map(seconds);
    assert.ok(durations.length > 0 && durations.every((d) => !Number.isNaN(d)), `durations: ${durations.join(', ')}`);
    assert.ok(
      durations.every((d, i) => i === 0 || (durations[i - 1] as number) <= d),
      `sorted by duration: ${durations.join(', ')}`,
    );
    assert.deepEqual(errors, [], 'console errors');
    await page.locator('#view-timeline').screenshot({ path: `${ARTIFACTS}/asha-timeline-wall-time.png` });
    await page.close();
  });

  it('labels the timeline as event order for a journal without times', async () => {
    const file = join(dir, 'untimed.html');
    writeReport(file, asha.events, { header: asha.header });
    const { page, errors } = await watchedPage(browser);
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-drawn]', { timeout: 60_000 });
    assert.match((await page.textContent('#summary')) ?? '', /wall time\s*not recorded/);
    assert.match((await page.textContent('#chart-timeline')) ?? '', /events \(order; this journal records no times\)/);
    assert.equal(await page.$('#trials th[data-key="duration"]'), null);
    assert.deepEqual(errors, [], 'console errors');
    await page.close();
  });
});
