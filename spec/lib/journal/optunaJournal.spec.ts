import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecodeError, InvalidOptionsError } from '../../../lib/errors.js';
import { pyDumps, pyFloat, pyLoads } from '../../../lib/journal/pyJson.js';
import { optunaDistributionFromJson, optunaDistributionJson } from '../../../lib/journal/optunaDistribution.js';
import { readOptunaJournal } from '../../../lib/journal/readOptunaJournal.js';
import { fromOptunaStudy } from '../../../lib/journal/fromOptunaStudy.js';
import { optunaDatetime, toOptunaJournal } from '../../../lib/journal/toOptunaJournal.js';
import { studySummary } from '../../../lib/journal/studySummary.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { exportEvents, exportExpected } from '../../helpers/optunaStudyEvents.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/optuna/${name}`, import.meta.url), 'utf8');
const VERSIONS = ['optuna31', 'optuna49', 'optuna50rc1'] as const;

describe('pyDumps / pyLoads (Python-dialect JSON)', () => {
  // prettier-ignore
  const cases: Array<[unknown, string]> = [
    [{ v: NaN, w: Infinity, x: -Infinity }, '{"v": NaN, "w": Infinity, "x": -Infinity}'],
    [{ f: pyFloat(1), g: pyFloat(-0.5), h: pyFloat(1e21), i: 3 }, '{"f": 1.0, "g": -0.5, "h": 1e+21, "i": 3}'],
    [[pyFloat(NaN), null, true, 'NaN'], '[NaN, null, true, "NaN"]'],
    [{ s: 'a "NaN" \u2713', u: undefined }, '{"s": "a \\"NaN\\" \u2713"}'],
  ];
  for (const [value, text] of cases)
    it(`writes ${text}`, () => {
      assert.equal(pyDumps(value), text);
    });
  it('writes compact separators when asked', () => {
    assert.equal(pyDumps({ a: [1, 2] }, { compact: true }), '{"a":[1,2]}');
  });
  it('reads the bare tokens outside strings only', () => {
    assert.deepEqual(pyLoads('{"v": NaN, "s": "NaN -Infinity \\" Infinity", "l": [-Infinity, Infinity, 1e-05]}'), {
      v: NaN,
      s: 'NaN -Infinity " Infinity',
      l: [-Infinity, Infinity, 1e-5],
    });
  });
  it('names where the text is not JSON', () => {
    assert.throws(
      () => pyLoads('{"v": Nan}', 'f line 3'),
      (e: unknown) => e instanceof DecodeError && /f line 3/.test(e.message),
    );
  });
});

describe('Optuna distributions', () => {
  it('writes the strings Optuna writes (attribute order, separators, float typing)', () => {
    assert.equal(
      optunaDistributionJson(float(0, 0.5, { step: 0.1 })),
      '{"name": "FloatDistribution", "attributes": {"step": 0.1, "low": 0.0, "high": 0.5, "log": false}}',
    );
    assert.equal(
      optunaDistributionJson(int(16, 256, { log: true })),
      '{"name": "IntDistribution", "attributes": {"log": true, "step": 1, "low": 16, "high": 256}}',
    );
    assert.equal(
      optunaDistributionJson(categorical(['a', 1.5, true])),
      '{"name": "CategoricalDistribution", "attributes": {"choices": ["a", 1.5, true]}}',
    );
  });
  // prettier-ignore
  const legacy: Array<[unknown, unknown]> = [
    [{ name: 'UniformDistribution', attributes: { low: 0, high: 1 } }, { kind: 'float', low: 0, high: 1, log: false, step: null }],
    [{ name: 'LogUniformDistribution', attributes: { low: 1e-3, high: 1 } }, { kind: 'float', low: 1e-3, high: 1, log: true, step: null }],
    [{ name: 'DiscreteUniformDistribution', attributes: { low: 0, high: 1, q: 0.25 } }, { kind: 'float', low: 0, high: 1, log: false, step: 0.25 }],
    [{ name: 'IntUniformDistribution', attributes: { low: 0, high: 8, step: 2 } }, { kind: 'int', low: 0, high: 8, log: false, step: 2 }],
    [{ name: 'IntLogUniformDistribution', attributes: { low: 1, high: 8 } }, { kind: 'int', low: 1, high: 8, log: true, step: 1 }],
  ];
  for (const [json, expected] of legacy)
    it(`maps the legacy ${(json as { name: string }).name}`, () => {
      assert.deepEqual(optunaDistributionFromJson(json, 'x'), expected);
    });
  it('refuses an unknown distribution, naming it', () => {
    assert.throws(
      () => optunaDistributionFromJson({ name: 'Beta', attributes: {} }, 'f line 2'),
      /f line 2: unknown distribution "Beta"/,
    );
  });
});

describe('readOptunaJournal + fromOptunaStudy on files Optuna wrote', () => {
  for (const v of VERSIONS) {
    it(`${v}_single: the same trials, states and best trial as Optuna`, () => {
      const { studies, warnings } = readOptunaJournal(fixture(`${v}_single.log`), `${v}_single.log`);
      assert.deepEqual(warnings, []);
      assert.equal(studies.length, 1);
      const s = studies[0]!;
      assert.equal(s.name, 'single');
      assert.deepEqual(
        s.trials.map((t) => t.state),
        ['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'PRUNED', 'COMPLETE', 'COMPLETE', 'PRUNED', 'PRUNED', 'COMPLETE'],
      );
      // Optuna's own view (spec/helpers/optuna_view.py under Optuna 3.1): best = trial 9.
      const { events } = fromOptunaStudy(s);
      const summary = studySummary(events);
      assert.equal(summary.best?.number, 9);
      assert.equal(summary.best?.value, 0.9386475518398485);
      assert.deepEqual(summary.best?.config, {
        lr: 0.001238774377294075,
        dropout: 0,
        units: 78,
        layers: 9,
        optimizer: 1.5,
      });
      assert.deepEqual(summary.counts, { running: 0, completed: 6, stopped: 3, paused: 0, failed: 1, total: 10 });
      // Categorical indices become choices; Python's None becomes 'None'; ints are ints.
      assert.equal(summary.trials[0]?.config.optimizer, true);
      assert.equal(summary.trials[8]?.config.optimizer, 'None');
      assert.equal(summary.trials[0]?.config.units, 84);
      // A conditional parameter is present only where Optuna suggested it.
      assert.equal('momentum' in (summary.trials[1]?.config ?? {}), false);
      assert.equal(summary.trials[2]?.config.momentum, 0.935222227879088);
      // Pruned keeps its last intermediate value and step.
      assert.equal(summary.trials[4]?.value, 1.0187769540016907);
      assert.equal(summary.trials[4]?.state, 'stopped');
    });
    it(`${v}_templates: de-duplicated studies, a popped WAITING trial, NaN/Infinity intermediates`, () => {
      const { studies } = readOptunaJournal(fixture(`${v}_templates.log`), 'templates.log');
      assert.deepEqual(
        studies.map((s) => [s.id, s.name, s.trials.length]),
        [
          [0, 'templates', 2],
          [2, 'after_delete', 0],
        ],
      );
      const t = studies[0]!.trials;
      assert.deepEqual(t[0]?.params, { x: 0.25, c: 'b' });
      assert.deepEqual(t[1]?.intermediateValues, [
        [0, 0.1],
        [1, NaN],
        [2, Infinity],
      ]);
      const summary = studySummary(fromOptunaStudy(studies[0]!).events);
      assert.equal(summary.objective.mode, 'max');
      assert.deepEqual(
        [summary.best?.number, summary.best?.value, summary.best?.config],
        [0, 1.25, { x: 0.25, c: 'b' }],
      );
      // The final value differs from the last intermediate value: one more report, at the next step.
      assert.deepEqual([summary.trials[1]?.lastStep, summary.trials[1]?.value], [3, 0.75]);
    });
    it(`${v}_multi: the chosen objective, the others as metrics`, () => {
      const s = readOptunaJournal(fixture(`${v}_multi.log`), 'multi.log').studies[0]!;
      assert.deepEqual(s.directions, ['minimize', 'maximize']);
      const first = fromOptunaStudy(s);
      const second = fromOptunaStudy(s, { objective: 1 });
      assert.equal(first.header.started.objective.mode, 'min');
      assert.deepEqual(second.header.started.objective, { metric: 'value1', mode: 'max' });
      const rep = second.events.find((e) => e._tag === 'TrialReported');
      assert.deepEqual(rep?._tag === 'TrialReported' && rep.report.metrics, {
        value0: 2.038124130650607,
        value1: 1.352383900767991,
      });
      assert.throws(() => fromOptunaStudy(s, { objective: 2 }), InvalidOptionsError);
    });
  }

  const W = '"worker_id": "w"';
  const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');
  const dist = JSON.stringify(JSON.stringify({ name: 'FloatDistribution', attributes: { low: 0, high: 1 } }));
  const catDist = JSON.stringify(JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: ['a'] } }));
  it('replays like Optuna: ignored duplicates, global ids, updates to finished trials, conflicting distributions', () => {
    const text = lines(
      `{"op_code": 0, ${W}, "study_name": "a", "directions": [1]}`,
      `{"op_code": 0, ${W}, "study_name": "a", "directions": [2]}`,
      `{"op_code": 0, ${W}, "study_name": "b", "directions": [2]}`,
      `{"op_code": 4, ${W}, "study_id": 1, "datetime_start": null}`,
      `{"op_code": 4, ${W}, "study_id": 0, "datetime_start": null}`,
      `{"op_code": 5, ${W}, "trial_id": 1, "param_name": "x", "param_value_internal": 0.5, "distribution": ${dist}}`,
      `{"op_code": 6, ${W}, "trial_id": 1, "state": 1, "values": [2], "datetime_complete": "2026-01-01T00:00:00.000000"}`,
      `{"op_code": 7, ${W}, "trial_id": 1, "step": 0, "intermediate_value": 5}`,
      `{"op_code": 4, ${W}, "study_id": 0, "datetime_start": null}`,
      `{"op_code": 5, ${W}, "trial_id": 2, "param_name": "x", "param_value_internal": 0, "distribution": ${catDist}}`,
      `{"op_code": 10, ${W}, "trial_ids": [0]}`,
      `{"op_code": 4, ${W}, "study_id": 9, "datetime_start": null}`,
      `{"op_code": 4, ${W}, "study_id": 0, "datetime_start": null}`,
    );
    const { studies, warnings } = readOptunaJournal(text, 'hand.log');
    assert.deepEqual(
      studies.map((s) => [s.name, s.directions, s.trials.map((t) => [t.id, t.number])]),
      [
        [
          'a',
          ['minimize'],
          [
            [1, 0],
            [2, 1],
            [3, 2],
          ],
        ],
        ['b', ['maximize'], [[0, 0]]],
      ],
    );
    const a = studies[0]!.trials;
    assert.deepEqual(a[0]?.intermediateValues, [], 'an update to a finished trial is ignored');
    assert.deepEqual(a[0]?.values, [2]);
    assert.deepEqual(a[1]?.params, {}, 'a distribution conflicting with the first trial that has x is ignored');
    assert.deepEqual(warnings, ['hand.log line 11: unknown op_code 10; record skipped']);
  });
  it('ignores a torn last line with a warning, and names the line of a corrupt record elsewhere', () => {
    const good = `{"op_code": 0, ${W}, "study_name": "a", "directions": [1]}\n`;
    assert.deepEqual(readOptunaJournal(`${good}{"op_code": 4, "wor`, 'j.log').warnings, [
      'j.log line 2: cut short (a writer died while writing it); ignored',
    ]);
    assert.throws(
      () => readOptunaJournal(`${good}{"op_code": 4, "wor\n${good}`, 'j.log'),
      (e: unknown) => e instanceof DecodeError && /^j\.log line 2: not valid JSON/.test(e.message),
    );
    assert.throws(
      () => readOptunaJournal(`{"op_code": 0, ${W}, "study_name": "a", "directions": ["minimize"]}\n`, 'j.log'),
      /j\.log line 1: directions/,
    );
  });
  it('names the objective after study:metric_names and merges compatible distributions into one flat space', () => {
    const trial = (number: number, low: number, high: number, step: number | null, x: number) => ({
      id: number,
      number,
      state: 'COMPLETE' as const,
      params: { x },
      distributions: { x: { kind: 'float' as const, low, high, log: false, step } },
      intermediateValues: [],
      values: [x],
      userAttrs: {},
      systemAttrs: {},
      datetimeStart: null,
      datetimeComplete: null,
    });
    const s = {
      id: 0,
      name: 's',
      directions: ['maximize' as const],
      userAttrs: {},
      systemAttrs: { 'study:metric_names': ['acc'] },
      trials: [trial(0, 0, 1, 0.5, 0.5), trial(1, -1, 0.5, 0.5, -1)],
    };
    const imported = fromOptunaStudy(s);
    assert.deepEqual(imported.header.started.objective, { metric: 'acc', mode: 'max' });
    assert.deepEqual(imported.header.started.space, { x: { _tag: 'Float', low: -1, high: 1, log: false, step: 0.5 } });
    const mixed = fromOptunaStudy({ ...s, trials: [trial(0, 0, 1, 0.5, 0.5), trial(1, 0, 1, null, 0.3)] });
    assert.deepEqual(
      mixed.header.started.space,
      { x: { _tag: 'Float', low: 0, high: 1, log: false } },
      'steps differ: none',
    );
  });
  it('refuses a study without parameters, naming it', () => {
    const s = readOptunaJournal(fixture('optuna31_templates.log'), 't').studies[1]!;
    assert.throws(() => fromOptunaStudy(s), /Optuna study "after_delete": has no trial with parameters/);
  });
});

describe('toOptunaJournal', () => {
  const text = toOptunaJournal(exportEvents, { studyName: 'spec', start: Date.UTC(2026, 0, 2, 3, 4, 5, 6) });
  const records = text
    .trimEnd()
    .split('\n')
    .map((l) => pyLoads(l) as Record<string, unknown>);

  it('writes only op codes 0-9, a worker_id on every record and one record per line', () => {
    assert.ok(text.endsWith('\n') && !text.includes('\n\n'));
    for (const r of records) {
      assert.ok(typeof r.op_code === 'number' && r.op_code >= 0 && r.op_code <= 9);
      assert.equal(r.worker_id, 'rxhpo-export');
    }
    assert.deepEqual(records[0], { op_code: 0, worker_id: 'rxhpo-export', study_name: 'spec', directions: [1] });
  });
  it('writes datetimes with six fractional digits and +00:00, derived from the event order', () => {
    assert.equal(optunaDatetime(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), '2026-01-02T03:04:05.006000+00:00');
    const starts = records.filter((r) => r.op_code === 4).map((r) => r.datetime_start);
    assert.equal(starts[0], '2026-01-02T03:04:05.007000+00:00', 'trial 0 starts at event 1');
    for (const r of records)
      for (const k of ['datetime_start', 'datetime_complete'])
        if (k in r) assert.match(String(r[k]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });
  it('types float fields as floats and categoricals as indices', () => {
    assert.match(text, /"param_name": "dropout", "param_value_internal": 0\.0,/);
    assert.match(text, /"param_name": "units", "param_value_internal": 32\.0,/);
    assert.match(text, /"param_name": "kernel", "param_value_internal": 2,/);
    assert.match(text, /"step": 2, "intermediate_value": NaN\}/);
    assert.match(text, /"state": 2, "values": \[2\.0\]/);
  });
  it('maps every outcome as documented', () => {
    const finals = new Map(records.filter((r) => r.op_code === 6).map((r) => [r.trial_id, r]));
    for (const e of exportExpected) {
      const f = finals.get(e.number);
      if (e.state === 'RUNNING') assert.equal(f, undefined);
      else assert.deepEqual([f?.state, f?.values], [['COMPLETE', 'PRUNED', 'FAIL'].indexOf(e.state) + 1, e.values]);
    }
    const sys = (n: number) =>
      Object.assign({}, ...records.filter((r) => r.op_code === 9 && r.trial_id === n).map((r) => r.system_attr));
    assert.deepEqual(sys(7), { 'rxhpo:trial_id': '7', 'rxhpo:paused': true });
    assert.deepEqual(sys(1), { 'rxhpo:trial_id': '1', 'rxhpo:segments': 2 });
    assert.deepEqual(sys(6), { 'rxhpo:trial_id': '6', 'rxhpo:lineage': ['1'], 'rxhpo:start_step': 4 });
    assert.equal(sys(3).fail_reason, "TrialFailedError: metric 'loss' is NaN at step 1");
    const running = toOptunaJournal(exportEvents, { running: 'fail' });
    assert.match(running, /"trial_id": 5, "state": 3, "values": null/);
  });
  it('keeps a conditional parameter only where it is active', () => {
    const gammaTrials = records.filter((r) => r.op_code === 5 && r.param_name === 'gamma').map((r) => r.trial_id);
    assert.deepEqual(gammaTrials, [1, 4, 6]);
  });
  it('round-trips through the importer: same configs, states, steps and values', () => {
    const back = fromOptunaStudy(readOptunaJournal(text, 'x').studies[0]!);
    const a = studySummary(exportEvents).trials;
    const b = studySummary(back.events).trials;
    const view = (t: (typeof a)[number]) => [
      t.number,
      t.config,
      t.state === 'paused' ? 'stopped' : t.state,
      t.lastStep,
      t.state === 'failed' ? undefined : t.value,
    ];
    assert.deepEqual(b.map(view), a.map(view));
  });
});
