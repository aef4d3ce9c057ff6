/**
 * TPE ask time in CPU time (`process.cpuUsage`), for comparing two versions of the code on a shared,
 * loaded machine where wall-clock figures swing by an order of magnitude:
 *
 *   npx tsx bench/tpeAskCpu.ts
 *
 * On the overhead problem (10 floats, 1,000 finished trials from random search): the ask on a fixed
 * study state (min over 20 batches of 50), the ask over 100 successive study states (n = 1,000..1,099,
 * the history extended by one trial per ask; min over 12 passes), and folding a 2,000-trial log into
 * the history one trial at a time (min over 7). Run it on each version alternately, a few times each.
 */
import { askTell } from '../lib/askTell.js';
import { rngFromSeed } from '../lib/rng.js';
import { flattenSpace } from '../lib/searchSpace.js';
import type { StudyState } from '../lib/studyState.js';
import { randomSampler } from '../strategies/samplers/randomSampler.js';
import { tpeSampler } from '../strategies/samplers/tpeSampler.js';
import { TpeHistory } from '../strategies/samplers/tpe/tpeHistory.js';
import { overheadSpace, sumOfSquares } from './overheadSpace.js';
import { runCli } from './runCli.js';

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

const main = (): void => {
  const s = askTell({
    space: overheadSpace,
    objective: { metric: 'loss', mode: 'min' },
    sampler: randomSampler(),
    seed: 0,
    budget: { trials: 2000 },
  });
  const states: StudyState[] = [];
  for (let t = s.ask(); t; t = s.ask()) {
    s.report(t.id, 1, { loss: sumOfSquares(t.config) });
    s.tell(t.id);
    states.push(s.state);
  }
  const at = (n: number): StudyState => states[n - 1] as StudyState;
  for (const [name, o] of [
    ['tpe', {}],
    ['tpe_uni', { multivariate: false }],
  ] as const) {
    const sampler = tpeSampler(o);
    let st = sampler.init(overheadSpace, rngFromSeed(1));
    for (let i = 0; i < 50; i++) st = sampler.ask(st, at(1000))[1];
    const fixed: number[] = [];
    for (let b = 0; b < 20; b++)
      fixed.push(
        cpuMs(() => {
          for (let i = 0; i < 50; i++) st = sampler.ask(st, at(1000))[1];
        }) / 50,
      );
    const successive: number[] = [];
    for (let pass = 0; pass < 12; pass++) {
      let q = sampler.ask(sampler.init(overheadSpace, rngFromSeed(pass)), at(1000))[1];
      successive.push(
        cpuMs(() => {
          for (let n = 1001; n <= 1100; n++) q = sampler.ask(q, at(n))[1];
        }) / 100,
      );
    }
    console.log(
      `${name}: fixed state ${Math.min(...fixed).toFixed(3)} ms/ask, successive states ${Math.min(...successive).toFixed(3)} ms/ask`,
    );
  }
  const params = flattenSpace(overheadSpace);
  const folds: number[] = [];
  for (let r = 0; r < 7; r++)
    folds.push(
      cpuMs(() => {
        let h: TpeHistory | undefined;
        for (const st of states) h = TpeHistory.sync(h, params, st);
      }),
    );
  console.log(`fold ${states.length} trials one at a time: ${Math.min(...folds).toFixed(1)} ms`);
};

runCli(main);
