// Optuna itself (the system python3-optuna) loads what we export, and sees in the files it wrote what we
// import. Skipped, saying why, where optuna is not installed.
import { describe, it, before, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, pipe } from 'rxjs';
import { categorical, float, int } from '../../../lib/distribution.js';
import type { Distribution } from '../../../lib/distribution.js';
import { optunaDistributionJson } from '../../../lib/journal/optunaDistribution.js';
import type { OptunaDistribution } from '../../../lib/journal/optunaDistribution.js';
import { readOptunaJournal } from '../../../lib/journal/readOptunaJournal.js';
import { fromOptunaStudy } from '../../../lib/journal/fromOptunaStudy.js';
import { studySummary } from '../../../lib/journal/studySummary.js';
import { toOptunaJournal } from '../../../lib/journal/toOptunaJournal.js';
import { pyLoads } from '../../../lib/journal/pyJson.js';
import { sampleWith, study, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { report } from '../../../testing/index.js';
import { exportOptunaJournal } from '../../../adapters/node/optunaFile.js';
import { journalTo } from '../../../adapters/node/journalTo.js';
import { readJournal } from '../../../adapters/node/journalFile.js';
import { exportEvents, exportExpected, exportSpace } from '../../helpers/optunaStudyEvents.js';
import type { OptunaView } from '../../helpers/optunaView.js';
import { optunaMissing, optunaView, optunaViews } from '../../helpers/optunaView.js';

const skip = optunaMissing ?? false;
const FIXTURES = new URL('../../fixtures/optuna/', import.meta.url);
const fixtures = ['single', 'multi', 'templates'].flatMap((k) =>
  ['optuna31', 'optuna49', 'optuna50rc1'].map((v) => `${v}_${k}.log`),
);

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-optuna-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const asOptunaJson = (d: OptunaDistribution): unknown => {
  switch (d.kind) {
    case 'float':
      return { name: 'FloatDistribution', attributes: { step: d.step, low: d.low, high: d.high, log: d.log } };
    case 'int':
      return { name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } };
    case 'categorical':
      return { name: 'CategoricalDistribution', attributes: { choices: d.choices } };
  }
};

describe('export: Optuna 3.1 loads the exported journal', () => {
  it('with the same trials, states, params, distributions, intermediate values, values and datetimes', { skip }, () => {
    const path = join(dir, 'optuna.log');
    const text = toOptunaJournal(exportEvents, { studyName: 'spec', start: Date.UTC(2026, 0, 2) });
    writeFileSync(path, text);
    const view = optunaView(path);
    assert.equal(view.studies.length, 1);
    const s = view.studies[0]!;
    assert.deepEqual([s.name, s.directions], ['spec', ['MINIMIZE']]);
    assert.deepEqual(s.system_attrs['study:metric_names'], ['loss']);
    assert.equal(s.trials.length, exportExpected.length);
    const dists = Object.fromEntries(
      Object.entries({ ...exportSpace, gamma: float(0.1, 10, { log: true }) }).map(([k, d]) => [
        k,
        pyLoads(optunaDistributionJson(d as Distribution)),
      ]),
    );
    for (const e of exportExpected) {
      const t = s.trials[e.number]!;
      assert.equal(t.number, e.number);
      assert.equal(t.state, e.state, `trial ${e.number} state`);
      assert.deepEqual(t.params, e.params, `trial ${e.number} params`);
      assert.deepEqual(
        t.distributions,
        Object.fromEntries(Object.keys(e.params).map((k) => [k, dists[k]])),
        `trial ${e.number} distributions`,
      );
      assert.deepEqual(t.intermediate_values, e.steps, `trial ${e.number} intermediate values`);
      assert.deepEqual(t.values, e.values, `trial ${e.number} values`);
      assert.match(t.datetime_start ?? '', /^2026-01-02T00:00:00\.\d{6}\+00:00$/);
      if (e.state !== 'RUNNING') assert.ok((t.datetime_complete ?? '') > (t.datetime_start ?? ''));
    }
    assert.deepEqual(s.best, { number: 6, value: 0.05, params: exportExpected[6].params });
    assert.equal(s.trials[0]?.user_attrs.acc, 0.65, "the last report's other metrics are user attrs");
  });

  it('of a journal a real study wrote (journalTo), with its best trial', { skip }, async () => {
    const journal = join(dir, 'study.jsonl');
    const space = { x: float(-1, 1), n: int(1, 5), opt: categorical(['a', 'b']) };
    await lastValueFrom(
      study(
        { space, objective: { metric: 'acc', mode: 'max' }, seed: 3, budget: { trials: 8 } },
        pipe(
          sampleWith(randomSampler()),
          trainWith((t) =>
            of(
              report(1, { acc: t.config.x * t.config.n }),
              report(2, { acc: t.config.x * t.config.n + (t.config.opt === 'a' ? 1 : 0) }),
            ),
          ),
        ),
      ).pipe(journalTo(journal)),
    );
    const out = join(dir, 'optuna.log');
    assert.equal(exportOptunaJournal(journal, out, { studyName: 'real' }), 8);
    const ours = studySummary(readJournal(journal).events);
    const s = optunaView(out).studies[0]!;
    assert.deepEqual(s.directions, ['MAXIMIZE']);
    assert.deepEqual(
      s.trials.map((t) => [t.number, t.state, t.params, t.values?.[0]]),
      ours.trials.map((t) => [t.number, 'COMPLETE', t.config, t.value]),
    );
    assert.deepEqual(s.best, { number: ours.best?.number, value: ours.best?.value, params: ours.best?.config });
  });
});

describe('import: we see what Optuna sees in the files it wrote', () => {
  const fixtureDir = mkdtempSync(join(tmpdir(), 'rxhpo-optuna-fixtures-'));
  let views = new Map<string, OptunaView>();
  before(() => {
    if (skip) return;
    const paths = fixtures.map((name) => join(fixtureDir, name));
    fixtures.forEach((name, i) => copyFileSync(new URL(name, FIXTURES), paths[i] as string));
    const all = optunaViews(paths);
    views = new Map(fixtures.map((name, i) => [name, all[i] as OptunaView]));
    rmSync(fixtureDir, { recursive: true, force: true });
  });
  for (const name of fixtures)
    it(name, { skip }, () => {
      const view = views.get(name) as OptunaView;
      const path = new URL(name, FIXTURES);
      const ours = readOptunaJournal(readFileSync(path, 'utf8'), name);
      assert.deepEqual(
        ours.studies.map((s) => s.name),
        view.studies.map((s) => s.name),
      );
      for (const [i, vs] of view.studies.entries()) {
        const s = ours.studies[i]!;
        assert.deepEqual(
          s.directions.map((d) => d.toUpperCase()),
          vs.directions,
        );
        assert.equal(s.trials.length, vs.trials.length);
        for (const [j, vt] of vs.trials.entries()) {
          const t = s.trials[j]!;
          const at = `${name} ${vs.name} trial ${j}`;
          assert.deepEqual([t.number, t.state], [vt.number, vt.state], at);
          assert.deepEqual(t.params, vt.params, `${at} params`);
          assert.deepEqual(
            Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, asOptunaJson(d)])),
            vt.distributions,
            `${at} distributions`,
          );
          assert.deepEqual(t.intermediateValues, vt.intermediate_values, `${at} intermediate values`);
          assert.deepEqual(t.values, vt.values, `${at} values`);
          assert.deepEqual(t.userAttrs, vt.user_attrs, `${at} user attrs`);
          assert.deepEqual(t.systemAttrs, vt.system_attrs, `${at} system attrs`);
          // Optuna 3.1 shows datetimes as they were written.
          assert.deepEqual([t.datetimeStart, t.datetimeComplete], [vt.datetime_start, vt.datetime_complete], at);
        }
        if (vs.best) {
          const summary = studySummary(fromOptunaStudy(s).events);
          const params = Object.fromEntries(
            Object.entries(vs.best.params).map(([k, v]) => [k, v === null ? 'None' : v]),
          );
          assert.deepEqual(
            [summary.best?.number, summary.best?.value, summary.best?.config],
            [vs.best.number, vs.best.value, params],
            `${name} ${vs.name} best trial`,
          );
        }
      }
    });
});
