// A long study that survives being killed: TPE + ASHA (promotion form) over a deterministic synthetic
// trainer that checkpoints every step. It journals every event to --journal; run it again with the same
// journal after a crash, a kill -9 or a power cut and it continues where it was (trials that were
// running resume from their last checkpoint). At the end it prints one JSON line: the best trial and
// how many trials completed, were stopped, or failed.
//
// Run: npx tsx examples/durable/study.ts --journal runs/durable.jsonl --trials 40 --concurrency 1 --seed 7
import { parseArgs } from 'node:util';
import type { Observable } from 'rxjs';
import { lastValueFrom, map, pipe, range, concatMap, timer } from 'rxjs';
import { float, int } from '../../lib/index.js';
import type { ConfigOf, MetricReport, StudyResult, Trial } from '../../lib/index.js';
import { asha, sampleWith, study, toResult, trainWith } from '../../operators/index.js';
import { tpeSampler } from '../../strategies/index.js';
import { journalTo, openJournal, progress } from '../../adapters/node/index.js';

export const space = {
  lr: float(1e-4, 1, { log: true }),
  momentum: float(0, 0.99),
  width: int(8, 256, { log: true }),
};
export type DurableConfig = ConfigOf<typeof space>;

/** The most steps a trial trains for (ASHA's top rung). */
export const MAX_STEP = 27;

/** What a checkpoint holds: small JSON, so the journal itself keeps it and a resume needs nothing else. */
interface Weights {
  readonly w: number;
  readonly v: number;
}

/**
 * A deterministic synthetic trainer: "training" a config moves a weight towards the config's optimum
 * with momentum, one `stepMs` tick per step; every report carries the weights as its checkpoint, and a
 * trial given `resumeFrom` continues from them. The same trial always reports the same values, whether
 * or not it was interrupted.
 */
export const syntheticTrainer =
  (stepMs: number) =>
  (trial: Trial<DurableConfig>): Observable<MetricReport> => {
    const { lr, momentum, width } = trial.config;
    const start = trial.resumeFrom as Weights | undefined;
    let { w, v } = start ?? { w: 0, v: 0 };
    // The loss this config can reach: best near lr = 10^-1.5, momentum 0.9, width 64.
    const floor = 0.05 + (Math.log10(lr) + 1.5) ** 2 / 4 + (momentum - 0.9) ** 2 + (Math.log2(width) - 6) ** 2 / 40;
    const last = Math.min(MAX_STEP, trial.budget ?? MAX_STEP);
    const from = start === undefined ? 0 : trial.startStep;
    return range(from + 1, Math.max(0, last - from)).pipe(
      concatMap((step) =>
        timer(stepMs).pipe(
          map((): MetricReport => {
            v = momentum * v + Math.min(1, lr * 4) * (1 - w);
            w += v * (1 - momentum) + 0.01;
            const loss = floor + Math.abs(1 - w) + 1 / (step + 1);
            return { step, metrics: { loss }, checkpoint: { w, v } satisfies Weights };
          }),
        ),
      ),
    );
  };

export interface DurableFlags {
  readonly journal: string;
  readonly trials: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly stepMs: number;
}

/** The study's options and pipeline: the same on every run, which is what lets a rerun resume it. */
export const durableStudy = (flags: DurableFlags, replay: Parameters<typeof study>[0]['replay'] = []) =>
  study(
    {
      space,
      objective: { metric: 'loss', mode: 'min' },
      seed: flags.seed,
      concurrency: flags.concurrency,
      budget: { trials: flags.trials },
      replay,
    },
    pipe(
      sampleWith(tpeSampler()),
      trainWith(syntheticTrainer(flags.stepMs)),
      asha({ minStep: 1, maxStep: MAX_STEP, reductionFactor: 3, mode: 'promote' }),
    ),
  );

/** Runs (or resumes) the study journaled at `flags.journal` and returns its result. */
export const main = async (flags: DurableFlags): Promise<StudyResult<DurableConfig>> => {
  // Takes the journal's lock, reads what an earlier run wrote (nothing the first time), cuts a torn tail.
  const journal = openJournal(flags.journal);
  return lastValueFrom(
    durableStudy(flags, journal.events).pipe(
      journalTo(journal, { sampler: { name: 'tpe' }, schedulers: [{ name: 'asha', options: { mode: 'promote' } }] }),
      // A bar on stderr in a terminal (a resumed run starts from what the journal already holds).
      progress(),
      toResult(),
    ),
  ) as Promise<StudyResult<DurableConfig>>;
};

const number = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return n;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      journal: { type: 'string' },
      trials: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      'step-ms': { type: 'string' },
    },
  });
  if (values.journal === undefined) throw new Error('--journal PATH is required');
  const result = await main({
    journal: values.journal,
    trials: number('trials', values.trials, 30),
    concurrency: number('concurrency', values.concurrency, 1),
    seed: number('seed', values.seed, 0),
    stepMs: number('step-ms', values['step-ms'], 20),
  });
  const best = result.best && { trial: result.best.number, value: result.best.value, config: result.best.config };
  const { completed, stopped, failed } = result.counts;
  console.log(JSON.stringify({ best, completed, stopped, failed }));
}
