import { describe, it, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/rxhpo.js';
import { fromJsonLine, toJsonLine } from '../../lib/jsonLine.js';
import { journalHeader } from '../../lib/journal/journalHeader.js';
import { pyLoads } from '../../lib/journal/pyJson.js';
import type { StudyStarted } from '../../lib/trialEvent.js';
import { exportEvents } from '../helpers/optunaStudyEvents.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'rxhpo.mjs');
const FIXTURES = join(ROOT, 'spec', 'fixtures', 'optuna');

/** Runs `rxhpo args` as a child process, as a user would. */
const rxhpo = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** Runs the command in this process (for the many usage-error cases). */
const inProcess = async (...args: string[]) => {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeJournal = (path: string): void => {
  const [started, ...rest] = exportEvents;
  const lines = [toJsonLine(journalHeader(started as StudyStarted)), ...rest.map((e) => toJsonLine(e))];
  writeFileSync(path, `${lines.join('\n')}\n`);
};

describe('rxhpo (child process)', () => {
  it('prints help for the command and for each subcommand, exit 0', () => {
    const top = rxhpo('--help');
    assert.equal(top.code, 0);
    for (const c of ['show JOURNAL', 'export --format optuna', 'import --format optuna'])
      assert.ok(top.out.includes(c), c);
    for (const c of ['show', 'export', 'import']) {
      const r = rxhpo(c, '--help');
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`^Usage: rxhpo ${c} `));
    }
  });

  it('imports an Optuna study, and show prints its summary as text and as JSON', () => {
    const journal = join(dir, 'imported.jsonl');
    const imp = rxhpo('import', '--format', 'optuna', join(FIXTURES, 'optuna31_single.log'), journal);
    assert.equal(imp.code, 0, imp.err);
    assert.equal(imp.out, `wrote 10 trial(s) to ${journal}\n`);
    assert.match(imp.err, /warning: trial user and system attributes are not carried over/);
    const text = rxhpo('show', journal);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /objective: value \(minimize\)/);
    assert.match(text.out, /trials: 10 \(6 completed, 3 stopped, 1 failed\)/);
    assert.match(
      text.out,
      /best: trial 9: value = 0\.938648 \(step 3\) {2}lr=0\.00123877 dropout=0 units=78 layers=9 optimizer=1\.5/,
    );
    assert.match(text.out, /\n8 +stopped +2 +2\.72801 +lr=.* optimizer=None\n/);
    const json = rxhpo('show', journal, '--json');
    assert.equal(json.code, 0);
    assert.equal(json.out.trim().split('\n').length, 1, 'one JSON object');
    const s = fromJsonLine(json.out) as {
      best: { number: number; value: number; config: object };
      counts: object;
      trials: unknown[];
    };
    assert.deepEqual([s.best.number, s.best.value], [9, 0.9386475518398485]);
    assert.deepEqual(s.counts, { running: 0, completed: 6, stopped: 3, paused: 0, failed: 1, total: 10 });
    assert.equal(s.trials.length, 10);
  });

  it('chooses the study by name, and lists the studies when the choice is missing or wrong', () => {
    const fixture = join(FIXTURES, 'optuna49_templates.log');
    const missing = rxhpo('import', '--format', 'optuna', fixture, join(dir, 'a.jsonl'));
    assert.equal(missing.code, 1);
    assert.match(
      missing.err,
      /holds 2 studies \("templates", "after_delete"\); choose one by name \(rxhpo import --study NAME\)/,
    );
    const wrong = rxhpo('import', '--format', 'optuna', '--study', 'nope', fixture, join(dir, 'a.jsonl'));
    assert.match(wrong.err, /has no study named "nope"; its studies: "templates", "after_delete"/);
    const ok = rxhpo('import', '--format', 'optuna', '--study', 'templates', fixture, join(dir, 'a.jsonl'));
    assert.equal(ok.code, 0, ok.err);
    assert.match(rxhpo('show', join(dir, 'a.jsonl')).out, /best: trial 0: value = 1\.25/);
    const again = rxhpo('import', '--format', 'optuna', '--study', 'templates', fixture, join(dir, 'a.jsonl'));
    assert.equal(again.code, 1, 'a journal that holds a study is not overwritten');
    assert.match(again.err, /JournalExistsError/);
  });

  it('exports a journal as an Optuna journal; refuses to overwrite unless --force', () => {
    const journal = join(dir, 'study.jsonl');
    const out = join(dir, 'optuna.log');
    writeJournal(journal);
    const r = rxhpo(
      'export',
      '--format',
      'optuna',
      journal,
      out,
      '--study-name',
      'cli',
      '--start',
      '2026-03-04T05:06:07Z',
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `wrote 8 trial(s) to ${out}\n`);
    const first = readFileSync(out, 'utf8')
      .split('\n')
      .slice(0, 4)
      .map((l) => pyLoads(l)) as Array<Record<string, unknown>>;
    assert.deepEqual(first[0], { op_code: 0, worker_id: 'rxhpo-export', study_name: 'cli', directions: [1] });
    assert.equal(first[3]?.datetime_start, '2026-03-04T05:06:07.001000+00:00');
    assert.equal(rxhpo('export', '--format', 'optuna', journal, out).code, 1);
    assert.equal(rxhpo('export', '--format', 'optuna', journal, out, '--force').code, 0);
  });

  it('names the file and line of a corrupt journal, exit 1', async () => {
    const journal = join(dir, 'bad.jsonl');
    writeJournal(journal);
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[2] = '{"_tag":"TrialReported","trialId":"0"}';
    writeFileSync(journal, lines.join('\n'));
    const r = rxhpo('show', journal);
    assert.equal(r.code, 1);
    assert.ok(r.err.includes(`${journal} line 3`), r.err);
    const optuna = await inProcess('show', join(FIXTURES, 'optuna31_multi.log'));
    assert.equal(optuna.code, 1);
    assert.match(optuna.err, /line 1: .*\n.* is an Optuna journal: import it first \(rxhpo import --format optuna /);
    const missing = rxhpo('show', join(dir, 'nope.jsonl'));
    assert.equal(missing.code, 1);
    assert.ok(missing.err.includes('nope.jsonl'));
  });

  it('import and export --json print one JSON object, warnings included', async () => {
    const journal = join(dir, 'imported.jsonl');
    const imp = await inProcess(
      'import',
      '--format',
      'optuna',
      '--json',
      join(FIXTURES, 'optuna31_single.log'),
      journal,
    );
    assert.equal(imp.code, 0, imp.err);
    assert.equal(imp.err, '', 'warnings go into the JSON');
    const i = JSON.parse(imp.out) as { trials: number; journal: string; warnings: string[] };
    assert.deepEqual([i.trials, i.journal], [10, journal]);
    assert.ok(
      i.warnings.some((w) => /trial user and system attributes are not carried over/.test(w)),
      imp.out,
    );
    const out = join(dir, 'optuna.log');
    const exp = await inProcess('export', '--format', 'optuna', journal, out, '--json');
    assert.equal(exp.code, 0, exp.err);
    assert.deepEqual(JSON.parse(exp.out), { trials: 10, out });
  });

  it('runs as `npx rxhpo` in this repository', () => {
    const r = spawnSync('npx', ['--offline', 'rxhpo', '--version'], { encoding: 'utf8', cwd: ROOT });
    assert.equal(r.status, 0, r.stderr);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(r.stdout.trim(), pkg.version);
  });
});

describe('rxhpo usage errors (exit 2, with a pointer to --help)', () => {
  // prettier-ignore
  const cases: Array<[string[], RegExp]> = [
    [[], /^Usage: rxhpo <command>/],
    [['frobnicate'], /unknown command "frobnicate"; commands: show, report, dashboard, export, import, automl, worker/],
    [['help', 'frobnicate'], /unknown command "frobnicate"/],
    [['show'], /rxhpo show: expected JOURNAL, got nothing/],
    [['show', 'a', 'b'], /expected JOURNAL, got "a" "b"/],
    [['show', 'a', '--jsn'], /rxhpo show: Unknown option '--jsn'/],
    [['export', 'a', 'b'], /rxhpo export: --format is required/],
    [['export', '--format', 'csv', 'a', 'b'], /--format "csv" is not supported/],
    [['export', '--format', 'optuna', 'a', 'b', '--running', 'x'], /--running must be running or fail/],
    [['export', '--format', 'optuna', 'a', 'b', '--start', 'yesterday'], /--start "yesterday" is not an ISO 8601 date/],
    [['import', '--format', 'optuna', 'a'], /rxhpo import: expected IN and JOURNAL, got "a"/],
    [['import', '--format', 'optuna', 'a', 'b', '--objective=1.5'], /--objective must be an integer >= 0, got "1\.5"/],
  ];
  for (const [args, message] of cases)
    it(`rxhpo ${args.join(' ')}`, async () => {
      const r = await inProcess(...args);
      assert.equal(r.code, 2);
      assert.match(args.length === 0 ? r.out : r.err, message);
      if (args.length > 0) assert.match(r.err, /See: rxhpo .*--help/);
    });
});
