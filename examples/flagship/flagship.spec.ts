import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { fakeTrial } from '../../testing/fakeTrainer.js';
import { trialEnded, trialReported, trialStarted } from '../../lib/trialEvent.js';
import { loadMnist } from './mnistData.js';
import { emptyTally, tallyEvent, topTable } from './progress.js';

const MAIN = fileURLToPath(new URL('./mnist-mlp.ts', import.meta.url));

/** Runs the flagship in a child process; `onLine` sees its output and may signal it. */
const runFlagship = (args: string[], out: string, whileRunning?: (child: ReturnType<typeof spawn>) => void) =>
  new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--out', out, ...args], { stdio: 'pipe' });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
    whileRunning?.(child);
  });

const runDir = (out: string): string => {
  const base = join(out, 'mnist-mlp');
  const [only] = readdirSync(base);
  assert.ok(only, 'one run directory');
  return join(base, only);
};
const events = (dir: string): Array<{ seq: number; event: TrialEvent }> =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { seq: number; event: TrialEvent });

describe('flagship: MNIST MLP', () => {
  it('splits the mnist digits with its own seed: sizes as asked, reproducible, different per seed', () => {
    const a = loadMnist({ seed: 0, validation: 2000 });
    const b = loadMnist({ seed: 0, validation: 2000 });
    const c = loadMnist({ seed: 1, validation: 2000 });
    assert.equal(a.trainY.length, 8000);
    assert.equal(a.valY.length, 2000);
    assert.equal(a.trainX.length, 8000 * 784);
    assert.ok(a.trainX.buffer instanceof SharedArrayBuffer, 'shared with workers, not copied');
    assert.deepEqual(a.valY, b.valY);
    assert.notDeepEqual(a.valY, c.valY);
    assert.equal(new Set(a.valY).size, 10, 'every digit is in the validation set');
    assert.ok(a.trainX.every((v) => v >= 0 && v <= 1));
    assert.equal(loadMnist({ seed: 0, validation: 100, train: 300 }).trainY.length, 300);
  });

  it('tallies events into the top table', () => {
    const cfg = { lr: 0.01, width: 64 };
    const es: TrialEvent[] = [
      trialStarted(fakeTrial('0', cfg)),
      trialStarted(fakeTrial('1', { lr: 0.1, width: 32 })),
      trialReported('0', { step: 1, metrics: { val_acc: 0.9 } }, 0.9),
      trialReported('1', { step: 1, metrics: { val_acc: 0.5 } }, 0.5),
      trialEnded('1', 'stopped'),
      trialReported('0', { step: 2, metrics: { val_acc: 0.95 } }, 0.95),
      trialEnded('0', 'completed'),
    ];
    const t = es.reduce(tallyEvent, emptyTally);
    assert.equal(t.done, 2);
    assert.equal(t.stopped, 1);
    assert.equal(t.running, 0);
    assert.equal(t.best?.id, '0');
    assert.equal(t.best?.status, 'completed');
    const table = topTable(t, 5).split('\n');
    assert.match(table[0] ?? '', /^rank +trial +val acc +epochs +status +lr +width/);
    assert.match(table[2] ?? '', /^1 +0 +0\.9500 +2 +completed +0\.010 +64/);
  });

  it('runs end to end on the worker pool and writes the event log and the results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxhpo-flagship-'));
    try {
      const r = await runFlagship(
        ['--trials', '2', '--epochs', '1', '--workers', '1', '--train', '300', '--validation', '200'],
        out,
      );
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /Top configurations by validation accuracy/);
      // Not a terminal: the progress display writes one summary line at the end, no bar.
      assert.match(
        r.stdout,
        /\nrxhpo: 2\/2 trials \| 0 running, 2 completed \| best val_acc [\d.]+ \(trial \d\) \| \d+:\d\d elapsed\n/,
      );
      const dir = runDir(out);
      const log = events(dir);
      assert.equal(log[0]?.event._tag, 'StudyStarted');
      assert.deepEqual(
        log.map((l) => l.seq),
        log.map((_, i) => i),
      );
      assert.equal(log.filter((l) => l.event._tag === 'TrialEnded').length, 2);
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
        meta: { interrupted: boolean; train: number };
        trials: Array<{ status: string; epochs: number }>;
        best: { bestValAcc: number } | null;
      };
      assert.equal(results.meta.interrupted, false);
      assert.equal(results.meta.train, 300);
      assert.match(r.stdout, /report: .*report\.html/);
      assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /^<!doctype html>/);
      assert.deepEqual(
        results.trials.map((t) => [t.status, t.epochs]),
        [
          ['completed', 1],
          ['completed', 1],
        ],
      );
      assert.ok((results.best?.bestValAcc ?? 0) > 0.15, 'better than chance (0.1) after one epoch on 300 digits');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('Ctrl-C cancels running trials, keeps what finished in both files, and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rxhpo-flagship-'));
    try {
      const r = await runFlagship(
        ['--trials', '200', '--epochs', '3', '--workers', '1', '--train', '300', '--validation', '200'],
        out,
        (child) => {
          // Interrupt once a trial has finished and the next one runs.
          const poll = setInterval(() => {
            const base = join(out, 'mnist-mlp');
            if (!existsSync(base) || readdirSync(base).length === 0) return;
            const path = join(runDir(out), 'events.jsonl');
            if (!existsSync(path)) return;
            const text = readFileSync(path, 'utf8');
            if (text.includes('"TrialEnded"') && text.split('"TrialStarted"').length > 2) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 50);
          child.on('exit', () => clearInterval(poll));
        },
      );
      assert.equal(r.code, 130, r.stdout);
      assert.match(r.stdout, /SIGINT: cancelling running trials/);
      const dir = runDir(out);
      const log = events(dir); // every line parses: the log was closed cleanly
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
        meta: { interrupted: boolean };
        trials: Array<{ id: string; status: string }>;
      };
      assert.equal(results.meta.interrupted, true);
      const statuses = results.trials.map((t) => t.status);
      assert.ok(statuses.includes('cancelled'), statuses.join());
      assert.ok(
        statuses.some((s) => s === 'completed' || s === 'stopped'),
        statuses.join(),
      );
      const ended = new Set(log.flatMap((l) => (l.event._tag === 'TrialEnded' ? [l.event.trialId] : [])));
      for (const t of results.trials) assert.equal(ended.has(t.id), t.status !== 'cancelled', `trial ${t.id}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
