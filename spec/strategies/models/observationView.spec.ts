import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Config } from '../../../lib/config.js';
import { categorical, float, int } from '../../../lib/distribution.js';
import { freshTrial } from '../../../lib/nextTrial.js';
import type { SearchSpace } from '../../../lib/searchSpace.js';
import { flattenSpace } from '../../../lib/searchSpace.js';
import type { StudyState } from '../../../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../../../lib/studyState.js';
import type { Outcome } from '../../../lib/trialEvent.js';
import { trialEnded, trialReported, trialStarted } from '../../../lib/trialEvent.js';
import { toUnit } from '../../../lib/unitTransform.js';
import { ObservationView, internalValue } from '../../../strategies/models/observationView.js';

const studyOf = (space: SearchSpace): StudyState =>
  initialStudyState({ seed: 0, objective: { metric: 'loss', mode: 'min' }, space, concurrency: 1000, budget: {} });
const start = (s: StudyState, config: Config): StudyState => reduceStudy(s, trialStarted(freshTrial(s, config)));
const report = (s: StudyState, id: string, step: number, loss: number): StudyState =>
  reduceStudy(s, trialReported(id, { step, metrics: { loss } }, -loss));
const end = (s: StudyState, id: string, outcome: Outcome): StudyState => reduceStudy(s, trialEnded(id, outcome));

// A trial as a row: config, reports [step, loss], and how it ends (undefined: still running).
type Row = readonly [Config, ReadonlyArray<readonly [number, number]>, Outcome | undefined];
const studyWith = (space: SearchSpace, rows: ReadonlyArray<Row>): StudyState => {
  let s = studyOf(space);
  rows.forEach(([config, reports, outcome], i) => {
    s = start(s, config);
    for (const [step, loss] of reports) s = report(s, String(i), step, loss);
    if (outcome) s = end(s, String(i), outcome);
  });
  return s;
};
const numbers = (v: ObservationView, slots: ReadonlyArray<number>): number[] =>
  slots.map((s) => v.numbers[s] as number);

describe('ObservationView', () => {
  const space = { x: float(0, 1) };
  const params = flattenSpace(space);

  it('keeps each trial with its status, last score and step, and the sorted lists', () => {
    const rows: Row[] = [
      [{ x: 0.1 }, [[1, 5]], 'completed'], // 0
      [{ x: 0.2 }, [[1, 1]], 'completed'], // 1: best, tied with 3, lower number first
      [{ x: 0.3 }, [[1, 3]], 'completed'], // 2
      [{ x: 0.4 }, [[1, 1]], 'completed'], // 3
      [{ x: 0.5 }, [[3, 9]], 'stopped'], // 4: furthest step
      [{ x: 0.6 }, [[2, 0.5]], 'stopped'], // 5
      [{ x: 0.7 }, [[2, 0.1]], 'paused'], // 6: same step as 5, better score
      [{ x: 0.8 }, [], 'stopped'], // 7: never reported: last among the pruned
      [{ x: 0.9 }, [[1, -100]], 'failed'], // 8: in no list
      [{ x: 0.95 }, [], 'completed'], // 9: completed without the objective: in no list
      [{ x: 0.99 }, [[1, 4]], undefined], // 10: running
    ];
    const v = ObservationView.sync(undefined, params, studyWith(space, rows));
    assert.equal(v.size, 11);
    assert.deepEqual(
      Array.from({ length: 11 }, (_, slot) => [v.id(slot), v.status(slot), v.score(slot), v.step(slot)]),
      [
        ['0', 'completed', -5, 1],
        ['1', 'completed', -1, 1],
        ['2', 'completed', -3, 1],
        ['3', 'completed', -1, 1],
        ['4', 'stopped', -9, 3],
        ['5', 'stopped', -0.5, 2],
        ['6', 'paused', -0.1, 2],
        ['7', 'stopped', NaN, NaN],
        ['8', 'failed', 100, 1],
        ['9', 'completed', NaN, NaN],
        ['10', 'running', -4, 1],
      ],
    );
    assert.deepEqual(numbers(v, v.completed), [1, 3, 2, 0]);
    assert.deepEqual(numbers(v, v.pruned), [4, 6, 5, 7]);
    assert.deepEqual(numbers(v, v.finished), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(numbers(v, v.sortedBy[0] as number[]), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(v.present, [8]);
    assert.deepEqual(numbers(v, v.runningSlots(['10', '8', 'unknown'])), [10]);
    assert.equal(v.slot('4'), 4);
    assert.equal(v.slot('nope'), undefined);
  });

  it('marks conditional parameters absent where the branch was not taken, and groups those seen together', () => {
    const cond = {
      kind: categorical(['a', 'b', 'c'], { b: { z: float(-1, 1) }, c: { z: float(-1, 1), k: int(1, 4) } }),
      x: float(0, 1),
    };
    const ps = flattenSpace(cond);
    const p = (name: string): number => ps.findIndex((q) => q.name === name);
    const rows: Row[] = [
      [{ kind: 'a', x: 0.5 }, [[1, 1]], 'completed'],
      [{ kind: 'b', z: 0.5, x: 0.1 }, [[1, 2]], 'completed'],
      [{ kind: 'c', z: -0.5, k: 3, x: 0.9 }, [[1, 3]], 'stopped'],
      [{ kind: 'b', z: 0, x: 0.2 }, [[1, 0]], 'failed'], // not finished: counts nowhere
      [{ kind: 'c', z: 0.9, k: 1, x: 0.3 }, [], undefined], // running
    ];
    const v = ObservationView.sync(undefined, ps, studyWith(cond, rows));
    assert.deepEqual(Object.fromEntries(ps.map((q, i) => [q.name, v.present[i]])), { kind: 3, x: 3, z: 2, k: 1 });
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((slot) => [v.has(p('z'), slot), v.has(p('k'), slot)]),
      [
        [false, false],
        [true, false],
        [true, true],
        [true, false],
        [true, true],
      ],
    );
    assert.ok(Number.isNaN(v.value(p('z'), 0)));
    assert.ok(Number.isNaN(v.unit(p('k'), 1)));
    // z by value among finished trials having it: trial 2 (−0.5) before trial 1 (0.5).
    assert.deepEqual(numbers(v, v.sortedBy[p('z')] as number[]), [2, 1]);
    const names = (g: ReadonlyArray<number>): string => g.map((q) => ps[q]?.name).join(',');
    assert.deepEqual(new Set(v.groups.map(names)), new Set(['kind,x', 'z', 'k']));
  });

  it('gives values in the internal representation and unit coordinates exactly as toUnit', () => {
    const mixed = {
      lr: float(1e-5, 1e-1, { log: true }),
      n: int(1, 1024, { log: true }),
      k: int(16, 256, { step: 16 }),
      q: float(0, 1, { step: 0.25 }),
      one: float(2, 2),
      act: categorical(['relu', 'tanh', 'gelu', 'silu']),
    };
    const ps = flattenSpace(mixed);
    const config = { lr: 3e-3, n: 64, k: 48, q: 0.75, one: 2, act: 'gelu' };
    const v = ObservationView.sync(undefined, ps, studyWith(mixed, [[config, [[1, 1]], 'completed']]));
    ps.forEach((spec, p) => {
      const d = spec.distribution;
      const x = (config as Record<string, number | string>)[spec.name] as number | string;
      assert.equal(v.value(p, 0), internalValue(d, x), spec.name);
      if (d._tag === 'Categorical') assert.equal(v.unit(p, 0), (2 + 0.5) / 4, spec.name);
      else assert.equal(v.unit(p, 0), toUnit(d, x as number), spec.name);
    });
    assert.equal(v.value(0, 0), Math.log(3e-3));
    assert.equal(v.unit(4, 0), 0.5); // a degenerate range
  });

  it('counts a value that does not belong to its distribution as absent', () => {
    const d = categorical(['a', 'b']);
    const table: ReadonlyArray<readonly [unknown, number]> = [
      ['b', 1],
      ['z', NaN],
      [1, NaN],
    ];
    for (const [x, want] of table) assert.ok(Object.is(internalValue(d, x), want), String(x));
    assert.ok(Number.isNaN(internalValue(float(0, 1), Infinity)));
    assert.ok(Number.isNaN(internalValue(float(0, 1), 'x')));
  });

  it('is the same folded one event at a time as rebuilt at the end, and reads only the new events', () => {
    const cond = { kind: categorical(['a', 'b'], { b: { z: float(-1, 1) } }), x: float(0, 1) };
    const ps = flattenSpace(cond);
    let s = studyOf(cond);
    let v = ObservationView.sync(undefined, ps, s);
    const first = v;
    for (let i = 0; i < 30; i++) {
      const c: Config =
        i % 2 === 0 ? { kind: 'a', x: ((i * 7) % 10) / 10 } : { kind: 'b', z: ((i * 3) % 7) / 7, x: i / 30 };
      const events = [
        trialStarted(freshTrial(s, c)),
        trialReported(String(i), { step: 1 + (i % 3), metrics: { loss: (i * 5) % 11 } }, -((i * 5) % 11)),
        trialEnded(String(i), i % 4 === 0 ? 'stopped' : i % 9 === 0 ? 'failed' : 'completed'),
      ];
      for (const e of i === 29 ? events.slice(0, 2) : events) {
        s = reduceStudy(s, e);
        // Count what the view reads from the log.
        const log = s.log;
        const reads: number[] = [];
        const spy = Object.create(log) as typeof log;
        spy.since = (from: number) => {
          reads.push(from);
          return log.since(from);
        };
        const before = log.size - 1;
        v = ObservationView.sync(v, ps, { ...s, log: spy });
        assert.deepEqual(reads, [before], 'reads only the event it has not folded');
      }
    }
    assert.equal(v, first, 'extended in place');
    const fresh = ObservationView.sync(undefined, ps, s);
    for (const k of ['completed', 'pruned', 'finished', 'sortedBy', 'present', 'groups', 'values', 'numbers'] as const)
      assert.deepEqual(v[k], fresh[k], k);
    for (let slot = 0; slot < 30; slot++)
      assert.deepEqual(
        [v.status(slot), v.score(slot), v.step(slot)],
        [fresh.status(slot), fresh.score(slot), fresh.step(slot)],
      );
    assert.equal(ObservationView.sync(v, ps, s), v, 'nothing new: the same view');
  });

  it('builds a new view for an older state (another branch of the log) or other parameters, keeping the current one', () => {
    let s = studyOf(space);
    const states: StudyState[] = [];
    for (let i = 0; i < 6; i++) {
      s = end(report(start(s, { x: i / 6 }), String(i), 1, i), String(i), 'completed');
      states.push(s);
    }
    const v = ObservationView.sync(undefined, params, s);
    const old = ObservationView.sync(v, params, states[2] as StudyState);
    assert.notEqual(old, v);
    assert.equal(old.finished.length, 3);
    assert.equal(v.finished.length, 6);
    assert.equal(ObservationView.sync(v, params, s), v);
    // A branch: the same length as an earlier state but different events.
    const branch = end(report(start(states[4] as StudyState, { x: 0.01 }), '5', 1, -3), '5', 'completed');
    const b = ObservationView.sync(v, params, branch);
    assert.notEqual(b, v);
    assert.equal(b.score(b.completed[0] as number), 3);
    assert.notEqual(ObservationView.sync(v, flattenSpace({ x: float(0, 1) }), s), v);
  });

  it('moves a resumed paused trial out of the finished lists, and back when it ends again', () => {
    let s = studyOf(space);
    s = end(report(start(s, { x: 0.5 }), '0', 1, 2), '0', 'paused');
    let v = ObservationView.sync(undefined, params, s);
    assert.deepEqual([v.finished.length, v.pruned.length, v.status(0)], [1, 1, 'paused']);
    const t = { ...(s.trials.get('0')?.trial as NonNullable<ReturnType<typeof s.trials.get>>['trial']), segment: 1 };
    s = reduceStudy(s, trialStarted(t));
    v = ObservationView.sync(v, params, s);
    assert.deepEqual([v.finished.length, v.present[0], v.runningSlots(s.running)], [0, 0, [0]]);
    s = end(report(s, '0', 3, 1), '0', 'completed');
    v = ObservationView.sync(v, params, s);
    assert.deepEqual([v.finished.length, v.completed.length, v.pruned.length, v.step(0)], [1, 1, 0, 3]);
  });

  it('serves the read a GP or CMA-ES sampler makes (the doc example): X in [0, 1] over the parameters every finished trial has', () => {
    const cond = { kind: categorical(['a', 'b'], { b: { z: float(-1, 1) } }), lr: float(1e-4, 1, { log: true }) };
    const study = studyWith(cond, [
      [{ kind: 'a', lr: 1e-2 }, [[1, 3]], 'completed'],
      [{ kind: 'b', z: 0.5, lr: 1e-3 }, [[2, 1]], 'stopped'],
      [{ kind: 'a', lr: 1e-1 }, [], undefined],
    ]);
    const view = ObservationView.sync(undefined, flattenSpace(study.space), study);
    const dims = view.params.flatMap((_, p) => (view.present[p] === view.finished.length ? [p] : []));
    const X = view.finished.map((slot) => dims.map((p) => view.unit(p, slot)));
    const round = (rows: number[][]): number[][] => rows.map((r) => r.map((v) => Number(v.toFixed(12))));
    const y = view.finished.map((slot) => view.score(slot));
    const pending = view.runningSlots(study.running).map((slot) => dims.map((p) => view.unit(p, slot)));
    assert.deepEqual(
      dims.map((p) => view.params[p]?.name),
      ['kind', 'lr'],
    );
    assert.deepEqual(round(X), [
      [0.25, 0.5],
      [0.75, 0.25],
    ]);
    assert.deepEqual(y, [-3, -1]);
    assert.deepEqual(round(pending), [[0.25, 0.75]]);
  });
});
