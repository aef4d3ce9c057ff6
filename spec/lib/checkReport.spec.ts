import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkReport } from '../../lib/checkReport.js';
import { TrialFailedError } from '../../lib/errors.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';

// Metrics as a trainer really builds them: parsed from JSON or with computed keys, so `__proto__` is an own key.
const metrics = (entries: Record<string, number>): Record<string, number> => JSON.parse(JSON.stringify(entries));
const own = (name: string, v: number): Record<string, number> => JSON.parse(`{${JSON.stringify(name)}: ${v}}`);

describe('checkReport: metric names are data', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'loss'])
    describe(`objective metric ${JSON.stringify(name)}`, () => {
      const trial = fakeTrial('0', {}, { study: { seed: 0, objective: { metric: name, mode: 'min' } } });

      it('present as an own metric: its value is the score', () => {
        const e = checkReport(trial, { step: 1, metrics: own(name, 0.25) });
        assert.equal(e.score, -0.25);
        assert.deepEqual(Object.keys(e.report.metrics), [name]);
      });

      it('absent: the trial fails naming the metric, never a NaN score from Object.prototype', () => {
        assert.throws(
          () => checkReport(trial, { step: 1, metrics: metrics({ other: 1 }) }),
          (e: unknown) =>
            e instanceof TrialFailedError &&
            e.message === `trial 0: report at step 1 has no objective metric ${JSON.stringify(name)} (got ["other"])`,
        );
      });
    });

  it('a non-objective metric named like a prototype member is checked like any other', () => {
    const trial = fakeTrial('0');
    assert.throws(
      () => checkReport(trial, { step: 2, metrics: { loss: 1, ['constructor']: NaN } }),
      /metric "constructor" is NaN at step 2/,
    );
  });
});
