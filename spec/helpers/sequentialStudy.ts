// A sequential study through ask/tell in which every trial completes with f(config) at step 1: the
// configs asked and their losses, in order. Sampler specs use it to check where a sampler goes.
import { askTell } from '../../lib/askTell.js';
import type { Config } from '../../lib/config.js';
import type { Sampler } from '../../lib/sampler.js';
import type { SearchSpace } from '../../lib/searchSpace.js';

export const sequentialStudy = <S>(
  space: SearchSpace,
  sampler: Sampler<S>,
  n: number,
  f: (c: Config) => number,
  seed = 0,
): { configs: Config[]; losses: number[] } => {
  const s = askTell({ space, objective: { metric: 'loss', mode: 'min' }, sampler, seed, budget: { trials: n } });
  const configs: Config[] = [];
  const losses: number[] = [];
  for (let t = s.ask(); t; t = s.ask()) {
    const loss = f(t.config);
    configs.push(t.config);
    losses.push(loss);
    s.report(t.id, 1, { loss });
    s.tell(t.id);
  }
  return { configs, losses };
};
