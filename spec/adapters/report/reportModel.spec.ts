import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import type { JournalHeader } from '../../../lib/journal/journalHeader.js';
import { studySummary } from '../../../lib/journal/studySummary.js';
import { InvalidOptionsError } from '../../../lib/errors.js';
import { reportModel } from '../../../adapters/report/reportModel.js';
import { ashaStudy, bigStudyEvents, pbtStudy } from './fixtures/reportStudies.js';

describe('reportModel', () => {
  let asha: { header: JournalHeader; events: TrialEvent[] };
  let pbt: { header: JournalHeader; events: TrialEvent[] };
  before(async () => {
    asha = await ashaStudy();
    pbt = await pbtStudy();
  });

  it('summarises as studySummary does: counts and the best trial in the objective’s own sign', () => {
    const m = reportModel(asha.events, { header: asha.header });
    const s = studySummary(asha.events);
    assert.deepEqual(m.summary.counts, s.counts);
    assert.equal(m.summary.best?.number, s.best?.number);
    assert.equal(m.summary.best?.value, s.best?.value);
    assert.equal(m.summary.sampler?.name, 'tpe');
    assert.deepEqual(
      m.trials.value,
      s.trials.map((t) => (t.value === undefined ? null : Number(t.value.toPrecision(6)))),
    );
  });

  it('marks where ASHA stopped trials and draws its rungs', () => {
    const m = reportModel(asha.events);
    assert.deepEqual(m.curves.rungSteps, [1, 3, 9]);
    const stopped = m.trials.state.filter((s) => s === 'stopped').length;
    assert.equal(m.curves.marks.filter((k) => k.kind === 'stopped').length, stopped);
    for (const k of m.curves.marks) assert.ok([1, 3, 9].includes(k.step), `mark at ${k.step}`);
  });

  it('leaves a conditional parameter out where it is inactive and names failures', () => {
    const m = reportModel(asha.events);
    const j = m.params.findIndex((p) => p.name === 'momentum');
    const act = m.params.findIndex((p) => p.name === 'act');
    assert.equal(m.params[j]?.conditional, true);
    m.trials.number.forEach((_, i) =>
      assert.equal(m.trials.params[j]?.[i] === null, m.trials.params[act]?.[i] !== 'relu'),
    );
    const failed = m.trials.state.indexOf('failed');
    assert.match(m.trials.error[failed] ?? '', /^diverged/);
  });

  it('keeps the best-so-far line exact and monotone, and the EDF ends at 1', () => {
    const m = reportModel(asha.events);
    const v = m.bestSoFar.value;
    for (let k = 1; k < v.length; k++) assert.ok((v[k] as number) < (v[k - 1] as number));
    assert.equal(v[v.length - 1], Number(m.summary.best?.value.toPrecision(6)));
    assert.equal(m.edf.y[m.edf.y.length - 1], 1);
    assert.equal(m.edf.n, m.summary.counts.completed);
  });

  it('grids the pairs of the most important parameters', () => {
    const m = reportModel(asha.events, { contourParams: 3, contourCells: 5 });
    assert.equal(m.contours.length, 3);
    const top = m.importance.slice(0, 3).map((p) => p.name);
    for (const c of m.contours) assert.ok(top.includes(c.x) && top.includes(c.y));
    const c = m.contours[0];
    const numeric = (name: string) => m.params.find((p) => p.name === name)?.kind !== 'categorical';
    if (c && numeric(c.x)) assert.equal(c.xs.length, 5);
  });

  it('follows PBT forks: parents, mutations and the best member’s schedule', () => {
    const m = reportModel(pbt.events);
    assert.ok(m.forks.length > 0);
    for (const f of m.forks) {
      assert.ok(f.parent >= 0 && f.child > f.parent === f.child > f.parent);
      assert.match(f.mutation, /lr|mom/);
    }
    const sched = m.bestSchedule;
    assert.ok(sched.length >= 2);
    assert.equal(sched[sched.length - 1]?.number, m.summary.best?.number);
    for (let k = 1; k < sched.length; k++) assert.equal(sched[k]?.from, sched[k - 1]?.to);
  });

  it('thins 10,000 trials for the point charts but keeps the best and exact counts', () => {
    const events = bigStudyEvents(10_000, 30);
    const m = reportModel(events, { maxPoints: 1000, maxSmallPoints: 300, maxCurves: 100 });
    assert.equal(m.trials.number.length, 10_000);
    assert.equal(m.sample.length, 1000);
    assert.equal(m.smallSample.length, 300);
    const best = m.trials.number.indexOf(m.summary.best?.number ?? -1);
    assert.ok(m.sample.includes(best) && m.smallSample.includes(best));
    assert.equal(m.curves.curves.length, 100);
    assert.equal(m.summary.counts.completed + m.summary.counts.failed, 10_000);
    assert.deepEqual(
      m.importance.slice(0, 2).map((p) => p.name),
      ['p1', 'p2'],
    );
  });

  it('refuses events that do not start with StudyStarted', () => {
    assert.throws(() => reportModel(asha.events.slice(1)), InvalidOptionsError);
  });
});
