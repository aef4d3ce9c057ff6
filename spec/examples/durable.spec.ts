// The durability guarantee, on the real thing: examples/durable/study.ts in a child process, killed with
// SIGKILL at random moments (mostly while trials run), rerun on the same journal until it completes.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJournal } from '../../adapters/node/journalFile.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { sameJson } from '../../lib/sameJson.js';

const script = fileURLToPath(new URL('../../examples/durable/study.ts', import.meta.url));
const TRIALS = 27;
const STEP_MS = 4;
const KILLS = 20;

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-durable-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** When to kill a run: after `ms` milliseconds, or once the journal has grown by `bytes`. */
type Kill = { readonly ms: number } | { readonly bytes: number };

const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

/** Runs the example on `journal`, killing it with SIGKILL as `kill` says unless it ends before. */
const runExample = (journal: string, concurrency: number, kill?: Kill): Promise<Exit> =>
  new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', script, '--journal', journal, '--trials', String(TRIALS)];
    args.push('--concurrency', String(concurrency), '--seed', '5', '--step-ms', String(STEP_MS));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Progress, not wall time, decides most kills: the machine may be slow, the moments stay spread.
    const from = sizeOf(journal);
    const timer =
      kill === undefined
        ? undefined
        : 'ms' in kill
          ? setTimeout(() => child.kill('SIGKILL'), kill.ms)
          : setInterval(() => {
              if (sizeOf(journal) >= from + kill.bytes) child.kill('SIGKILL');
            }, 2);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });

/** Completed trials with their configs and every (step, value) of their runs. */
const completed = (events: ReadonlyArray<TrialEvent>) => {
  const configs = new Map<string, unknown>();
  const reports = new Map<string, [number, number][]>();
  const out = new Map<string, unknown>();
  for (const e of events) {
    if (e._tag === 'TrialStarted') configs.set(e.trial.id, e.trial.config);
    if (e._tag === 'TrialReported')
      reports.set(e.trialId, [...(reports.get(e.trialId) ?? []), [e.report.step, e.report.metrics['loss'] ?? NaN]]);
    if (e._tag === 'TrialEnded' && e.outcome === 'completed') {
      assert.ok(!out.has(e.trialId), `trial ${e.trialId} completed twice`);
      out.set(e.trialId, { config: configs.get(e.trialId), reports: reports.get(e.trialId) });
    }
  }
  return out;
};

const runningAtEnd = (events: ReadonlyArray<TrialEvent>): number => {
  const open = new Set<string>();
  for (const e of events) {
    if (e._tag === 'TrialStarted') open.add(e.trial.id);
    if (e._tag === 'TrialEnded') open.delete(e.trialId);
  }
  return open.size;
};

/** A small seeded generator (mulberry32): the kill moments are random but the same on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Kills the example at `KILLS` random moments, then lets it finish; returns every journal snapshot. */
const killAndResume = async (journal: string, concurrency: number, seed: number) => {
  const next = random(seed);
  const snapshots: TrialEvent[][] = [];
  let midTrial = 0;
  let kills = 0;
  for (let k = 0; k < KILLS; k += 1) {
    // Some kills fall while the process starts or replays; most while it trains (mid-trial, mid-write).
    const kill = next() < 0.2 ? { ms: Math.floor(next() * 800) } : { bytes: 1 + Math.floor(next() * 2500) };
    const exit = await runExample(journal, concurrency, kill);
    if (exit.signal !== 'SIGKILL') {
      assert.equal(exit.code, 0, exit.stderr);
      break; // it finished before the kill
    }
    kills += 1;
    if (existsSync(journal)) {
      const events = readJournal(journal).events;
      snapshots.push([...events]);
      if (runningAtEnd(events) > 0) midTrial += 1;
    }
  }
  const last = await runExample(journal, concurrency);
  assert.equal(last.code, 0, last.stderr);
  return { kills, snapshots, midTrial, stdout: last.stdout };
};

describe('examples/durable/study.ts killed with SIGKILL and rerun', { timeout: 300_000 }, () => {
  it('concurrency 1: the resumed study journals exactly the events of an uninterrupted run', async (t) => {
    const clean = join(dir, 'clean1.jsonl');
    const whole = await runExample(clean, 1);
    assert.equal(whole.code, 0, whole.stderr);
    const expected = readJournal(clean).events;
    const journal = join(dir, 'killed1.jsonl');
    const { kills, snapshots, midTrial, stdout } = await killAndResume(journal, 1, 1);
    t.diagnostic(`${kills} kills, ${snapshots.length} in a running study, ${midTrial} while a trial ran`);
    assert.equal(kills, KILLS, 'the study finished before every kill');
    assert.ok(snapshots.length >= 5, `only ${snapshots.length} kills landed in a running study`);
    assert.ok(midTrial >= 3, `only ${midTrial} kills landed while a trial ran`);
    const events = readJournal(journal).events;
    assert.deepEqual([...completed(events)], [...completed(expected)], 'completed trials: configs, steps, values');
    assert.ok(sameJson(events, expected), 'every event, in order');
    assert.equal(stdout, whole.stdout, 'the same result line');
  });

  it('concurrency 3: no completed trial is lost or duplicated, and the study completes', async (t) => {
    const journal = join(dir, 'killed3.jsonl');
    const { kills, snapshots, midTrial, stdout } = await killAndResume(journal, 3, 2);
    t.diagnostic(`${kills} kills, ${snapshots.length} in a running study, ${midTrial} while a trial ran`);
    assert.equal(kills, KILLS, 'the study finished before every kill');
    assert.ok(midTrial >= 3, `only ${midTrial} kills landed while a trial ran`);
    const events = readJournal(journal).events;
    const done = completed(events); // asserts no trial completed twice
    for (const s of snapshots)
      for (const [id, trial] of completed(s)) assert.deepEqual(done.get(id), trial, `trial ${id} was lost or changed`);
    const fresh = events.filter(
      (e) => e._tag === 'TrialStarted' && e.trial.segment === 0 && e.trial.lineage.length === 0,
    );
    assert.equal(fresh.length, TRIALS, 'every trial of the budget started once');
    assert.equal(runningAtEnd(events), 0, 'no trial left running');
    const result = JSON.parse(stdout) as { completed: number };
    assert.equal(result.completed, done.size);
    assert.ok(done.size > 0);
  });
});
