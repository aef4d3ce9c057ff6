// The durable study of examples/durable/study.ts (TPE + ASHA over the synthetic checkpointing trainer),
// with its trials running on worker processes anywhere, through Redis. This process is the coordinator:
// it samples, schedules and journals; the workers train. Kill it and run it again with the same
// journal: it re-attaches to the trials still running on the workers. At the end it prints the same
// JSON line as the durable example: the best trial, and how many completed, were stopped, or failed.
//
// Run (three terminals):
//   redis-server --port 6379 --save '' --appendonly no
//   npx rxhpo worker --redis redis://127.0.0.1:6379 --module examples/distributed/trainer.ts   # two of these
//   npx tsx examples/distributed/study.ts --redis redis://127.0.0.1:6379 --journal runs/dist.jsonl --trials 30 --seed 7
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lastValueFrom, pipe } from 'rxjs';
import type { StudyResult } from '../../lib/index.js';
import { asha, sampleWith, study, toResult, trainWith } from '../../operators/index.js';
import { tpeSampler } from '../../strategies/index.js';
import { journalTo, openJournal } from '../../adapters/node/index.js';
import { distributedTrainer } from '../../adapters/distributed/index.js';
import type { DurableConfig } from '../durable/study.js';
import { MAX_STEP, space } from '../durable/study.js';

export interface DistributedFlags {
  readonly redis: string;
  readonly journal: string;
  readonly trials: number;
  readonly concurrency: number;
  readonly seed: number;
  /** Names the study's jobs in Redis; default: derived from the journal's path, so a rerun re-attaches. */
  readonly study?: string;
  readonly queue?: string;
  readonly onWorkerLost?: 'retry' | 'fail';
}

/** Runs (or resumes) the study journaled at `flags.journal` on the workers of `flags.redis`. */
export const main = async (flags: DistributedFlags): Promise<StudyResult<DurableConfig>> => {
  const journal = openJournal(flags.journal);
  const name = flags.study ?? `j${createHash('sha256').update(resolve(flags.journal)).digest('hex').slice(0, 12)}`;
  let trainer;
  try {
    trainer = await distributedTrainer<DurableConfig>({
      redis: flags.redis,
      study: name,
      ...(flags.queue === undefined ? {} : { queue: flags.queue }),
      ...(flags.onWorkerLost === undefined ? {} : { onWorkerLost: flags.onWorkerLost }),
    });
  } catch (e) {
    journal.close();
    throw e;
  }
  try {
    // A fresh journal is a fresh study: forget jobs an earlier study of the same name left in Redis.
    if (journal.events.length === 0) await trainer.clear();
    const events = study(
      {
        space,
        objective: { metric: 'loss', mode: 'min' },
        seed: flags.seed,
        concurrency: flags.concurrency,
        budget: { trials: flags.trials },
        replay: journal.events,
      },
      pipe(
        sampleWith(tpeSampler()),
        trainWith(trainer),
        asha({ minStep: 1, maxStep: MAX_STEP, reductionFactor: 3, mode: 'promote' }),
      ),
    );
    return (await lastValueFrom(
      events.pipe(
        journalTo(journal, { sampler: { name: 'tpe' }, schedulers: [{ name: 'asha', options: { mode: 'promote' } }] }),
        toResult(),
      ),
    )) as StudyResult<DurableConfig>;
  } finally {
    const { reattached } = trainer.stats();
    if (reattached > 0) console.error(`distributed: re-attached to ${reattached} job(s) an earlier run left in Redis`);
    await trainer.close();
  }
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
      redis: { type: 'string' },
      journal: { type: 'string' },
      trials: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      study: { type: 'string' },
      queue: { type: 'string' },
      'on-worker-lost': { type: 'string' },
    },
  });
  if (values.redis === undefined) throw new Error('--redis URL is required');
  if (values.journal === undefined) throw new Error('--journal PATH is required');
  const lost = values['on-worker-lost'];
  if (lost !== undefined && lost !== 'retry' && lost !== 'fail')
    throw new Error(`--on-worker-lost must be retry or fail, got ${JSON.stringify(lost)}`);
  const result = await main({
    redis: values.redis,
    journal: values.journal,
    trials: number('trials', values.trials, 30),
    concurrency: number('concurrency', values.concurrency, 1),
    seed: number('seed', values.seed, 0),
    ...(values.study === undefined ? {} : { study: values.study }),
    ...(values.queue === undefined ? {} : { queue: values.queue }),
    ...(lost === undefined ? {} : { onWorkerLost: lost }),
  });
  const best = result.best && { trial: result.best.number, value: result.best.value, config: result.best.config };
  const { completed, stopped, failed } = result.counts;
  console.log(JSON.stringify({ best, completed, stopped, failed }));
}
