import { describe, it, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NEVER, concat, lastValueFrom, of, pipe, take, toArray } from 'rxjs';
import { float } from '../../../lib/distribution.js';
import { DecodeError } from '../../../lib/errors.js';
import { sampleWith, study, trainWith } from '../../../operators/index.js';
import { randomSampler } from '../../../strategies/index.js';
import { report } from '../../../testing/index.js';
import { openJournal, readJournal } from '../../../adapters/node/journalFile.js';
import { JournalLockedError } from '../../../adapters/node/journalLock.js';
import { JournalExistsError, journalTo } from '../../../adapters/node/journalTo.js';
import type { TrialEvent } from '../../../lib/trialEvent.js';
import { LIBRARY } from '../../../lib/version.js';

const space = { x: float(0, 1) };
const objective = { metric: 'loss', mode: 'min' as const };
const quick = (trials: number) =>
  study(
    { space, objective, seed: 1, budget: { trials } },
    pipe(
      sampleWith(randomSampler()),
      trainWith((t) => of(report(1, { loss: t.config.x }), report(2, { loss: t.config.x / 2 }))),
    ),
  );

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journalTo', () => {
  it('writes the header and every event, one per line, and reads back exactly what the study emitted', async () => {
    const path = join(dir, 'j.jsonl');
    const emitted = await lastValueFrom(quick(5).pipe(journalTo(path, { sampler: { name: 'random' } }), toArray()));
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.at(-1), '', 'ends with a newline');
    assert.equal(lines.length - 1, emitted.length, 'the header line carries StudyStarted');
    const j = readJournal(path);
    assert.deepEqual(j.events, emitted);
    assert.equal(j.header?.sampler?.name, 'random');
    assert.equal(j.header?.library, LIBRARY);
    assert.equal(j.torn, undefined);
    assert.ok(!existsSync(`${path}.lock`), 'the lock is released when the study completes');
  });

  it('closes running trials in the journal when the study is unsubscribed early', async () => {
    const path = join(dir, 'j.jsonl');
    const s = study(
      { space, objective, seed: 1, budget: { trials: 3 }, concurrency: 2 },
      pipe(
        sampleWith(randomSampler()),
        trainWith(() => concat(of(report(1, { loss: 1 })), NEVER)),
      ),
    );
    // TrialStarted, TrialReported for two trials after StudyStarted: 5 events, then unsubscribe.
    await lastValueFrom(s.pipe(journalTo(path), take(5), toArray()));
    const ends = readJournal(path).events.filter((e) => e._tag === 'TrialEnded');
    assert.deepEqual(
      ends.map((e) => [e.trialId, e.outcome, e.error?.name]),
      [
        ['0', 'stopped', 'StudyUnsubscribed'],
        ['1', 'stopped', 'StudyUnsubscribed'],
      ],
    );
    assert.ok(!existsSync(`${path}.lock`));
  });

  it('refuses a journal that already holds a study', async () => {
    const path = join(dir, 'j.jsonl');
    await lastValueFrom(quick(2).pipe(journalTo(path), toArray()));
    await assert.rejects(lastValueFrom(quick(2).pipe(journalTo(path))), JournalExistsError);
    assert.ok(!existsSync(`${path}.lock`));
  });
});

describe('openJournal', () => {
  const writeStudy = async (path: string): Promise<ReadonlyArray<TrialEvent>> =>
    lastValueFrom(quick(3).pipe(journalTo(path), toArray()));

  it('cuts a torn last line away with a warning, and appends on a line of its own', async () => {
    const path = join(dir, 'j.jsonl');
    const events = await writeStudy(path);
    appendFileSync(path, '{"_tag":"TrialReported","trialId":"2","rep');
    const warnings: string[] = [];
    const j = openJournal(path, { warn: (m) => warnings.push(m) });
    assert.deepEqual(j.events, events);
    assert.equal(j.torn?.line, events.length + 1);
    assert.match(warnings[0] ?? '', /line \d+ was cut short .* dropped/);
    j.append(events[1] as TrialEvent, true);
    j.close();
    assert.deepEqual(readJournal(path).events, [...events, events[1]]);
  });

  it('keeps a complete last line that only lacks its newline', async () => {
    const path = join(dir, 'j.jsonl');
    const events = await writeStudy(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n$/, ''));
    const j = openJournal(path, { warn: () => assert.fail('no warning expected') });
    assert.deepEqual(j.events, events);
    j.append(events[1] as TrialEvent, false);
    j.close();
    assert.equal(readJournal(path).events.length, events.length + 1);
  });

  it('names the file and line of a corrupt line that is not the last', async () => {
    const path = join(dir, 'j.jsonl');
    await writeStudy(path);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = '{"_tag":"TrialReported","trialId":"0","report":{"step":"x","metrics":{}},"score":1}';
    writeFileSync(path, lines.join('\n'));
    assert.throws(
      () => openJournal(path),
      (e: unknown) => {
        assert.ok(e instanceof DecodeError);
        assert.match(e.message, new RegExp(`${path.replace(/[.]/g, '\\.')} line 3: report\\.step: "x" is not number`));
        return true;
      },
    );
    assert.ok(!existsSync(`${path}.lock`), 'a failed open releases the lock');
  });

  it('names a first line that is not a journal header', () => {
    const path = join(dir, 'j.jsonl');
    writeFileSync(path, '{"op_code": 0, "worker_id": "w", "study_name": "s", "directions": [1]}\n');
    assert.throws(() => openJournal(path), /line 1: the first line is not an rxhpo journal header/);
  });

  it('lets one writer at a time hold the lock, naming the live owner', () => {
    const path = join(dir, 'j.jsonl');
    const first = openJournal(path);
    assert.throws(
      () => openJournal(path),
      (e: unknown) => {
        assert.ok(e instanceof JournalLockedError);
        assert.equal(e.info.pid, process.pid);
        return true;
      },
    );
    first.close();
    openJournal(path).close();
  });

  it('takes over a lock left by a dead process, with a warning', () => {
    const path = join(dir, 'j.jsonl');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: 'x' }));
    const warnings: string[] = [];
    const j = openJournal(path, { warn: (m) => warnings.push(m) });
    assert.match(warnings[0] ?? '', new RegExp(`lock left by process ${dead.stdout}, which is no longer running`));
    j.close();
    assert.ok(!existsSync(`${path}.lock`));
  });
});

describe('a journal written by a process killed with SIGKILL', () => {
  it('reads back: every line but a torn last one is intact, and the events are the study in order', async () => {
    const path = join(dir, 'j.jsonl');
    const fixture = fileURLToPath(new URL('./fixtures/journaledStudy.ts', import.meta.url));
    for (const waitMs of [150, 400]) {
      rmSync(path, { force: true });
      rmSync(`${path}.lock`, { force: true });
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, waitMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const warnings: string[] = [];
      const j = openJournal(path, { warn: (m) => warnings.push(m) });
      j.close();
      const started = j.events.filter((e) => e._tag === 'TrialStarted').length;
      const ended = j.events.filter((e) => e._tag === 'TrialEnded').length;
      assert.ok(started > 2 && ended > 0, `started ${started}, ended ${ended}`);
      assert.equal(j.events[0]?._tag, 'StudyStarted');
      assert.ok(
        warnings.every((w) => /cut short|taking over a lock/.test(w)),
        warnings.join('; '),
      );
    }
  });
});
