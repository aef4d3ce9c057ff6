import { before, after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../cli/cliCommand.js';
import { reportCommand } from '../../cli/commands/report.js';
import { ashaStudy, journalText } from '../adapters/report/fixtures/reportStudies.js';

const collect = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
};

describe('rxhpo report', () => {
  let dir: string;
  let journal: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxhpo-report-'));
    journal = join(dir, 'study.jsonl');
    const { header, events } = await ashaStudy();
    writeFileSync(journal, journalText(header, events));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a self-contained page beside the journal and says where', async () => {
    const c = collect();
    assert.equal(await reportCommand.run([journal], c.io), 0);
    const out = join(dir, 'study.html');
    assert.match(c.out.join(''), new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d MB\\)`));
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, 'nothing loaded from elsewhere');
    const model = JSON.parse(
      /<script type="application\/json" id="rxhpo-model">(.*?)<\/script>/s.exec(html)?.[1] ?? '',
    );
    assert.equal(model.summary.counts.total, 60);
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const out = join(dir, 'twice.html');
    assert.equal(await reportCommand.run([journal, '-o', out, '--title', 'first'], collect().io), 0);
    const c = collect();
    assert.equal(await reportCommand.run([journal, '-o', out], c.io), 1);
    assert.match(c.err.join(''), /exists \(use --force/);
    assert.equal(await reportCommand.run([journal, '-o', out, '--force', '--title', 'second'], collect().io), 0);
    assert.match(readFileSync(out, 'utf8'), /<title>second<\/title>/);
  });

  it('names the file and line of a bad journal line and exits with 1', async () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[4] = '{"_tag":"TrialReported","trialId":"0"}';
    writeFileSync(bad, lines.join('\n'));
    const c = collect();
    assert.equal(await reportCommand.run([bad, '-o', join(dir, 'bad.html')], c.io), 1);
    assert.match(c.err.join(''), new RegExp(`bad\\.jsonl line 5`));
    assert.equal(existsSync(join(dir, 'bad.html')), false);
  });

  it('exits with 1 for a missing journal and throws UsageError for bad arguments', async () => {
    const c = collect();
    assert.equal(await reportCommand.run([join(dir, 'none.jsonl')], c.io), 1);
    assert.match(c.err.join(''), /none\.jsonl: no such file/);
    assert.throws(() => reportCommand.run([], collect().io), UsageError);
    assert.throws(
      () => reportCommand.run([journal, '--max-points', 'x'], collect().io),
      /--max-points must be a positive integer/,
    );
    assert.throws(() => reportCommand.run([journal, '--bogus'], collect().io), UsageError);
    const h = collect();
    assert.equal(await reportCommand.run(['--help'], h.io), 0);
    assert.match(h.out.join(''), /^Usage: rxhpo report JOURNAL/);
  });
});
