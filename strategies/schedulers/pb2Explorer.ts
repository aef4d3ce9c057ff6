import type { Config } from '../../lib/config.js';
import type { FloatDistribution, IntDistribution } from '../../lib/distribution.js';
import type { MutationRecord, ParamMutation } from '../../lib/mutation.js';
import { withRng } from '../../lib/rng.js';
import { fromUnit, toUnit } from '../../lib/unitTransform.js';
import type { Pb2Row } from '../models/pb2/pb2Select.js';
import { pb2Select } from '../models/pb2/pb2Select.js';
import type { PbtExplorer } from './pbtExplorer.js';

/** A PB2 bound: `[low, high]` (Ray's `hyperparam_bounds` entry), or a `float()` / `int()` (log scales allowed). */
export type Pb2Bound = readonly [number, number] | FloatDistribution | IntDistribution;

/**
 * The state of {@link pb2Explorer}: plain JSON. `rows` are the bandit's observations
 * (`[t, rBefore, y, ...x]`, oldest first, at most 1000), `last` each live member's last ready point
 * (a forked child's starts at its parent's score and checkpoint step), `forks` the children expected to
 * start, `current` the configs chosen since the newest ready step last grew (the batch GP₂ spreads).
 */
export interface Pb2ExplorerState {
  readonly rows: ReadonlyArray<ReadonlyArray<number>>;
  readonly last: Readonly<Record<string, { readonly step: number; readonly score: number; readonly x: number[] }>>;
  readonly forks: ReadonlyArray<{ readonly parent: string; readonly step: number; readonly score: number }>;
  readonly current: ReadonlyArray<ReadonlyArray<number>>;
  readonly latest: number;
}

const MAX_ROWS = 1000;

/** Options of {@link pb2Explorer}. */
export interface Pb2ExplorerOptions {
  /** Random starts of the acquisition's optimiser (Ray: 10). */
  readonly starts?: number;
  /** BFGS iterations of the GP's hyper-parameter fit. Default 50. */
  readonly fitIterations?: number;
}

const toDist = (b: Pb2Bound): FloatDistribution | IntDistribution =>
  Array.isArray(b)
    ? { _tag: 'Float', low: b[0] as number, high: b[1] as number, log: false }
    : (b as FloatDistribution | IntDistribution);

/**
 * PB2's explore step (Parker-Holder et al. 2020, as Ray's `PB2`) as a {@link PbtExplorer}: each ready
 * point of a member that kept its config adds a row (time, reward before, config, reward change per step);
 * a clone's new config maximises a time-varying GP-UCB over those rows at the parent's time and reward
 * (see {@link pb2Select}), within `bounds`. Parameters outside `bounds` are copied from the parent. With
 * fewer than two rows in all (the first ready points), the config is drawn uniformly within `bounds`
 * (Ray copies it unchanged, which collapses a small population onto one config); with rows but none
 * about the parent, the parent's current step and score stand for its newest row (Ray copies unchanged).
 *
 * @example
 * ```ts
 * pbt({ perturbationInterval: 5, explorer: pb2Explorer({ lr: float(1e-4, 1e-1, { log: true }), momentum: [0.8, 0.99] }) });
 * ```
 */
export const pb2Explorer = (
  bounds: Readonly<Record<string, Pb2Bound>>,
  options: Pb2ExplorerOptions = {},
): PbtExplorer<Pb2ExplorerState> => {
  const names = Object.keys(bounds);
  const dists = names.map((n) => toDist(bounds[n] as Pb2Bound));
  const unitOf = (config: Config): number[] =>
    dists.map((d, j) => {
      const v = config[names[j] as string];
      return typeof v === 'number' ? Math.min(1, Math.max(0, toUnit(d, v))) : 0.5;
    });
  return {
    name: 'pb2',
    init: () => ({ rows: [], last: {}, forks: [], current: [], latest: 0 }),
    started: (s, trial) => {
      if (trial.segment !== 0 || trial.lineage.length === 0) return s;
      const parent = trial.lineage[trial.lineage.length - 1] as string;
      const i = s.forks.findIndex((f) => f.parent === parent && f.step === trial.startStep);
      if (i < 0) return s;
      const f = s.forks[i] as Pb2ExplorerState['forks'][number];
      return {
        ...s,
        forks: [...s.forks.slice(0, i), ...s.forks.slice(i + 1)],
        last: { ...s.last, [trial.id]: { step: f.step, score: f.score, x: unitOf(trial.config) } },
      };
    },
    ready: (s, p) => {
      const x = unitOf(p.config);
      const prev = s.last[p.id];
      let rows = s.rows;
      if (prev && p.step > prev.step && prev.x.every((v, j) => v === x[j])) {
        rows = [...rows, [p.step, prev.score, (p.score - prev.score) / (p.step - prev.step), ...x]];
        if (rows.length > MAX_ROWS) rows = rows.slice(rows.length - MAX_ROWS);
      }
      return { ...s, rows, last: { ...s.last, [p.id]: { step: p.step, score: p.score, x } } };
    },
    explore: (s, { parent, checkpointStep }, rng) => {
      const own = s.rows.filter((r) => {
        // The parent's newest row is the one ending at its last ready step with its config.
        const x = unitOf(parent.config);
        return r[0] === parent.step && x.every((v, j) => v === r[3 + j]);
      });
      const newest = own[own.length - 1];
      const fork = { parent: parent.id, step: checkpointStep, score: parent.score };
      // A new ready time starts a new batch: configs chosen before it no longer need spreading from.
      const maxT = s.rows.reduce((m, r) => Math.max(m, r[0] as number), -Infinity);
      const current = maxT > s.latest ? [] : s.current;
      const rows: Pb2Row[] = s.rows.map((r) => ({
        t: r[0] as number,
        rBefore: r[1] as number,
        y: r[2] as number,
        x: r.slice(3),
      }));
      const [x, rng2] = withRng(rng, (next): number[] => {
        // Too little data for a GP: a uniform draw within the bounds keeps the population diverse (Ray
        // copies the parent's config unchanged, which collapses a small population onto one config).
        if (rows.length < 2) return names.map(() => next());
        return pb2Select({
          rows,
          // The parent's newest observation (Ray's choice); without one, its current step and score.
          fixed: newest ? { t: newest[0] as number, r: newest[1] as number } : { t: parent.step, r: parent.score },
          current,
          next,
          ...(options.starts !== undefined ? { starts: options.starts } : {}),
          ...(options.fitIterations !== undefined ? { fitIterations: options.fitIterations } : {}),
        }).x;
      });
      const config: Record<string, unknown> = { ...parent.config };
      const record: Record<string, ParamMutation> = {};
      names.forEach((n, j) => {
        if (!Object.hasOwn(parent.config, n)) return;
        const d = dists[j] as FloatDistribution | IntDistribution;
        const from = parent.config[n];
        let to = fromUnit(d, x[j] as number);
        // Ray truncates a value that was an int; a tuple bound of an int parameter keeps it an int.
        if (Array.isArray(bounds[n]) && Number.isInteger(from)) to = Math.trunc(to);
        config[n] = to;
        record[n] = { _tag: 'Custom', from, to };
      });
      return [
        config as Config,
        record as MutationRecord,
        rng2,
        {
          ...s,
          forks: [...s.forks, fork],
          current: [...current, unitOf(config as Config)],
          latest: Number.isFinite(maxT) ? maxT : s.latest,
        },
      ];
    },
  };
};
