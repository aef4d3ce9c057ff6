import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Decision } from '../../lib/decision.js';
import { fork, pause, promote, stop } from '../../lib/decision.js';
import type { Policy } from '../../lib/policy.js';
import { applyPolicy } from '../../lib/applyPolicy.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { trialEnded, trialReported } from '../../lib/trialEvent.js';
import { report } from '../../testing/index.js';
import { label } from '../helpers/timeline.js';

/** A policy that answers every event with the same decisions and counts its steps. */
const deciding = (decisions: ReadonlyArray<Decision>): Policy<number> => ({
  name: 'deciding',
  init: () => 0,
  step: (n) => ({ state: n + 1, decisions }),
});
const rep = trialReported('A', report(2, { loss: 1 }), -1);
const endA = trialEnded('A', 'completed');
const forkB = fork({ replaced: 'B', parent: 'A', step: 2, checkpoint: 2, config: {}, mutation: {} });

// Each row: the event of run A, the decisions, which other runs are live, and the outputs as
// `label [on run] (ends)`.
const table: ReadonlyArray<readonly [string, TrialEvent, ReadonlyArray<Decision>, ReadonlyArray<string>, string[]]> = [
  ['no decision: the event alone', rep, [], ['B'], ['R A@2 [A]']],
  [
    'a Stop about the run ends it last',
    rep,
    [stop('A', 'x')],
    [],
    ['R A@2 [A]', 'D stop A [A]', 'E A stopped [A] end'],
  ],
  ['a Pause ends it paused', rep, [pause('A', 1)], [], ['R A@2 [A]', 'D pause A [A]', 'E A paused [A] end']],
  [
    'a Stop about another live run ends that run right after the decision; the own end comes last',
    rep,
    [stop('A', 'x'), stop('B', 'y')],
    ['B'],
    ['R A@2 [A]', 'D stop A [A]', 'D stop B [A]', 'E B stopped [B] end', 'E A stopped [A] end'],
  ],
  ['a decision about a run that is not live ends nothing', rep, [stop('B', 'y')], [], ['R A@2 [A]', 'D stop B [A]']],
  ['Fork ends the replaced run', rep, [forkB], ['B'], ['R A@2 [A]', 'D fork B [A]', 'E B stopped [B] end']],
  ['Promote ends nothing', rep, [promote('B', 1, 9)], ['B'], ['R A@2 [A]', 'D promote B [A]']],
  [
    'two decisions ending the same run end it once',
    rep,
    [stop('B', 'x'), pause('B', 1)],
    ['B'],
    ['R A@2 [A]', 'D stop B [A]', 'E B stopped [B] end', 'D pause B [A]'],
  ],
  [
    'decisions caused by the run’s own end come just before it',
    endA,
    [promote('P', 0, 9)],
    ['P'],
    ['D promote P [A]', 'E A completed [A] end'],
  ],
  [
    'a Stop about a run at its own end adds no second end',
    endA,
    [stop('A', 'x')],
    [],
    ['D stop A [A]', 'E A completed [A] end'],
  ],
];

describe('applyPolicy', () => {
  for (const [name, event, decisions, live, expected] of table)
    it(name, () => {
      const r = applyPolicy(deciding(decisions), 0, event, 'A', (id) => live.includes(id));
      assert.equal(r.state, 1);
      assert.deepEqual(
        r.out.map((o) => `${label(o.event)} [${o.run}]${o.ends ? ' end' : ''}`),
        expected,
      );
      for (const o of r.out)
        if (o.ends && o.event._tag === 'TrialEnded' && o.event.outcome !== 'completed')
          assert.ok(o.decision, `${label(o.event)} carries its decision`);
    });

  it('a policy that throws throws (the driver decides what a bug does)', () => {
    const boom: Policy<null> = {
      name: 'boom',
      init: () => null,
      step: () => {
        throw new Error('bug');
      },
    };
    assert.throws(() => applyPolicy(boom, null, rep, 'A', () => true), /bug/);
  });
});
