// The flagship (`npm start`): tune an MLP on real MNIST digits with TPE + ASHA on a pool of worker threads.
//
//   npm start                       # ~5 minutes on 2 cores
//   npm start -- --trials 80 --epochs 27 --workers 4 --seed 7
//
// Writes runs/mnist-mlp/<time>/events.jsonl (every study event, one per line) and results.json.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { pipe } from 'rxjs';
import type { StudyStarted, TrialEvent } from '../../lib/trialEvent.js';
import { journalHeader } from '../../lib/journal/journalHeader.js';
import { progress } from '../../adapters/node/progress.js';
import { workerTrainer } from '../../adapters/workers/workerTrainer.js';
import { writeReport } from '../../adapters/report/writeReport.js';
import { asha, sampleWith, study, trainWith } from '../../operators/index.js';
import { randomSampler, tpeSampler } from '../../strategies/index.js';
import { loadMnist } from './mnistData.js';
import type { MlpShared } from './mlpWorker.js';
import type { MlpConfig } from './mlpSpace.js';
import { mlpSpace } from './mlpSpace.js';
import type { Tally } from './progress.js';
import { emptyTally, tallyEvent, topTable } from './progress.js';

const HELP = `Tune an MLP on the mnist package's 10,000 digits with TPE + ASHA on worker threads.

  --trials N       fresh trials to sample (default 50)
  --epochs N       max epochs per trial (default 12); ASHA (eta 3) judges trials at epochs 1, 3, 9, … below it
  --workers N      worker threads = trials at once (default: available cores, here ${availableParallelism()})
  --seed S         study seed: same seed, same split and same first configs (default 0)
  --validation N   digits held out for validation (default 2000)
  --train N        training digits to use (default all the others: 8000); fewer for a quick smoke run
  --sampler NAME   tpe (default) or random
  --out DIR        where runs go (default runs)
  --help`;

const { values: flags } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    epochs: { type: 'string', default: '12' },
    workers: { type: 'string', default: String(availableParallelism()) },
    seed: { type: 'string', default: '0' },
    validation: { type: 'string', default: '2000' },
    train: { type: 'string' },
    sampler: { type: 'string', default: 'tpe' },
    out: { type: 'string', default: 'runs' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}
const positiveInt = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be an integer >= 1, got ${JSON.stringify(v)}\n\n${HELP}`);
    process.exit(2);
  }
  return n;
};
const trials = positiveInt('trials', flags.trials);
const epochs = positiveInt('epochs', flags.epochs);
const workers = positiveInt('workers', flags.workers);
const validation = positiveInt('validation', flags.validation);
const train = flags.train === undefined ? undefined : positiveInt('train', flags.train);
const seed = /^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
if (flags.sampler !== 'tpe' && flags.sampler !== 'random') {
  console.error(`--sampler must be tpe or random, got ${JSON.stringify(flags.sampler)}`);
  process.exit(2);
}

const space = mlpSpace;

const t0 = Date.now();
const data: MlpShared = { ...loadMnist({ seed, validation, ...(train ? { train } : {}) }), epochs };
const dir = join(flags.out, 'mnist-mlp', new Date(t0).toISOString().replace(/[:.]/g, '-'));
mkdirSync(dir, { recursive: true });
const eventsPath = join(dir, 'events.jsonl');
const resultsPath = join(dir, 'results.json');
const reportPath = join(dir, 'report.html');
const studyEvents: TrialEvent[] = [];
const journal = createWriteStream(eventsPath);

console.log(
  `rxhpo flagship: MLP on MNIST (${data.trainY.length} train / ${data.valY.length} validation digits, seed ${seed})\n` +
    `${trials} trials, up to ${epochs} epochs, ${flags.sampler === 'tpe' ? 'TPE' : 'random search'} + ASHA (eta 3), ` +
    `${workers} worker thread${workers > 1 ? 's' : ''}. Ctrl-C stops cleanly.\n` +
    `log: ${eventsPath}\n`,
);

const trainer = workerTrainer<MlpConfig>(new URL('./mlpWorker.ts', import.meta.url), {
  threads: workers,
  data,
  graceMs: 5000,
});

let tally: Tally = emptyTally;
let seq = 0;
let peakRss = 0;
let interrupted = false;
let finished = false;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const ticker = setInterval(sampleRss, 500);

const onEvent = (e: TrialEvent<MlpConfig>): void => {
  journal.write(`${JSON.stringify({ seq: seq++, at: Date.now() - t0, event: e })}\n`);
  tally = tallyEvent(tally, e as TrialEvent);
  studyEvents.push(e as TrialEvent);
};

const finish = async (): Promise<void> => {
  if (finished) return;
  finished = true;
  clearInterval(ticker);
  sampleRss();
  // Trials cut by Ctrl-C never got a TrialEnded: they are reported as cancelled.
  const lines = [...tally.trials.values()].map((l) =>
    l.status === 'running' && interrupted ? { ...l, status: 'cancelled' } : l,
  );
  const durationMs = Date.now() - t0;
  const results = {
    meta: {
      example: 'mnist-mlp',
      seed,
      trials,
      epochs,
      workers,
      validation,
      train: data.trainY.length,
      sampler: flags.sampler,
      scheduler: { asha: { minStep: 1, maxStep: epochs, reductionFactor: 3, mode: 'stop' } },
      space,
      interrupted,
      durationMs,
      peakRssMb: Math.round(peakRss / 2 ** 20),
      epochsTrained: tally.epochs,
      node: process.version,
    },
    best: tally.best ?? null,
    trials: lines,
  };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  await new Promise<void>((r) => journal.end(r));
  console.log(`\nTop configurations by validation accuracy:\n${topTable(tally, 5)}\n`);
  if (tally.best)
    console.log(
      `best: trial ${tally.best.id}, val acc ${tally.best.bestValAcc.toFixed(4)} after ${tally.best.epochs} epoch${tally.best.epochs === 1 ? '' : 's'}: ` +
        JSON.stringify(tally.best.config),
    );
  console.log(
    `${interrupted ? 'interrupted' : 'done'} in ${(durationMs / 1000).toFixed(1)} s, ${tally.epochs} epochs trained, ` +
      `peak RSS ${results.meta.peakRssMb} MB\nfiles: ${relative('.', eventsPath)}, ${relative('.', resultsPath)}`,
  );
  // The HTML report of the run (plotly.js comes with rxhpo).
  try {
    writeReport(reportPath, studyEvents, {
      title: `rxhpo flagship: MLP on MNIST, seed ${seed}`,
      header: journalHeader(studyEvents[0] as StudyStarted, {
        sampler: { name: flags.sampler },
        schedulers: [{ name: 'asha', options: { minStep: 1, maxStep: epochs, reductionFactor: 3 } }],
      }),
    });
    console.log(`report: ${relative('.', reportPath)}`);
  } catch (e) {
    console.log(`no report: ${(e as Error).message}`);
  }
  // Waits for trials that are stopping (at most the grace period), then ends the worker threads.
  await trainer.close();
};

const subscription = study(
  { space, objective: { metric: 'val_acc', mode: 'max' }, seed, concurrency: workers, budget: { trials } },
  pipe(
    sampleWith(flags.sampler === 'tpe' ? tpeSampler() : randomSampler()),
    trainWith(trainer),
    asha({ minStep: 1, maxStep: epochs, reductionFactor: 3 }),
  ),
)
  // The live bar on a terminal (one summary line when the output is a file or a pipe).
  .pipe(progress({ stream: process.stdout }))
  .subscribe({
    next: onEvent,
    error: (e: unknown) => {
      console.error('\nstudy failed:', e);
      process.exitCode = 1;
      void finish();
    },
    complete: () => void finish(),
  });

// Ctrl-C (or a SIGTERM): cancel the running trials, keep what finished, write the files, then exit.
const stop = (signal: NodeJS.Signals): void => {
  interrupted = true;
  process.exitCode = 130;
  subscription.unsubscribe(); // also ends the progress bar's line
  console.log(`${signal}: cancelling running trials and writing what finished (Ctrl-C again to quit at once)`);
  process.once('SIGINT', () => process.exit(130));
  void finish();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
