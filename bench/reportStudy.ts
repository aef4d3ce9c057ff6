// A synthetic finished study for the report benchmark and specs: many trials over many parameters,
// built from event constructors (running 10,000 real trials would measure the study, not the report).
import { categorical, float } from '../lib/distribution.js';
import type { TrialEvent } from '../lib/trialEvent.js';
import { studyStarted, trialEnded, trialReported, trialStarted } from '../lib/trialEvent.js';

/** A synthetic finished study: `trials` trials over `params` float parameters, some log-scale, one categorical. */
export const bigStudyEvents = (trials: number, params: number): TrialEvent[] => {
  const space: Record<string, ReturnType<typeof float> | ReturnType<typeof categorical>> = {};
  for (let j = 0; j < params - 1; j++) space[`p${j}`] = float(j % 3 === 0 ? 1e-3 : 0, 1, { log: j % 3 === 0 });
  space['kind'] = categorical(['a', 'b', 'c']);
  const started = studyStarted({
    seed: 1,
    objective: { metric: 'loss', mode: 'min' },
    concurrency: 8,
    budget: { trials },
    space,
  });
  const events: TrialEvent[] = [started];
  // A small deterministic generator (LCG): the specs need data, not statistics.
  let s = 12345;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  for (let i = 0; i < trials; i++) {
    const config: Record<string, number | string> = {};
    for (let j = 0; j < params - 1; j++) config[`p${j}`] = j % 3 === 0 ? 1e-3 * 1000 ** rnd() : rnd();
    config['kind'] = ['a', 'b', 'c'][Math.floor(rnd() * 3)] as string;
    const id = String(i);
    events.push(
      trialStarted({
        id,
        number: i,
        config,
        seed: i,
        segment: 0,
        startStep: 0,
        lineage: [],
        study: { seed: 1, objective: started.objective },
      }),
    );
    const loss = ((config['p1'] as number) - 0.3) ** 2 + 0.5 * ((config['p2'] as number) - 0.7) ** 2 + 0.01 * rnd();
    for (let step = 1; step <= 3; step++)
      events.push(trialReported(id, { step, metrics: { loss: loss + 1 / step } }, -(loss + 1 / step)));
    events.push(
      trialEnded(
        id,
        i % 97 === 0 ? 'failed' : 'completed',
        i % 97 === 0 ? { name: 'Error', message: 'boom' } : undefined,
      ),
    );
  }
  return events;
};
