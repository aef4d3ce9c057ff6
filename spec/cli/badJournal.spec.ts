// A bad journal given to any command that reads one: exit 1 and a message naming the file and the line.
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/rxhpo.js';
import { toJsonLine } from '../../lib/jsonLine.js';
import { journalHeader } from '../../lib/journal/journalHeader.js';
import type { StudyStarted } from '../../lib/trialEvent.js';
import { exportEvents } from '../helpers/optunaStudyEvents.js';

const [started, ...rest] = exportEvents;
const good = [toJsonLine(journalHeader(started as StudyStarted)), ...rest.map((e) => toJsonLine(e))];

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxhpo-bad-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]) => {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};
const journal = (text: string): string => {
  const path = join(dir, 'study.jsonl');
  writeFileSync(path, text);
  return path;
};
const edit = (i: number, f: (line: string) => string): string =>
  `${good.map((l, j) => (j === i ? f(l) : l)).join('\n')}\n`;

describe('rxhpo and a bad journal', () => {
  // prettier-ignore
  const cases: Array<[string, string, RegExp]> = [
    ['a line that is not JSON', edit(3, (l) => `${l.slice(0, 20)}}`), /line 4: not valid JSON at column 22 \(/],
    ['an empty line', edit(2, () => ''), /line 3: empty line/],
    ['a field of the wrong type', edit(4, (l) => l.replace('"score":', '"score":"x","was":')), /line 5: score: "x" is not number/],
    ['no header', `${good.slice(1).join('\n')}\n`, /line 1: the first line is not an rxhpo journal header/],
  ];
  for (const [what, text, message] of cases)
    for (const command of [['show'], ['export', '--format', 'optuna']])
      it(`${command[0]}: ${what} (exit 1, file and line named)`, async () => {
        const path = journal(text);
        const r = await run([...command, path, ...(command[0] === 'export' ? [join(dir, 'out.log')] : [])]);
        assert.equal(r.code, 1);
        assert.ok(r.err.startsWith(`rxhpo ${command[0]}: DecodeError: ${path} line `), r.err);
        assert.match(r.err, message);
        assert.equal(r.out, '');
      });

  it('a last line cut short by a writer that died: a warning naming the line, the rest shown (exit 0)', async () => {
    const path = journal([...good, (good[3] as string).slice(0, 12)].join('\n'));
    const r = await run(['show', path]);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.err,
      `rxhpo: warning: ${path} line ${good.length + 1} was cut short (a writer died mid-line); ignored\n`,
    );
    assert.match(r.out, /^study /);
  });

  it('an empty journal and a missing one: exit 1, the file named', async () => {
    const path = journal('');
    assert.deepEqual(await run(['show', path]), { code: 1, out: '', err: `rxhpo show: journal ${path} is empty\n` });
    const missing = join(dir, 'nope.jsonl');
    assert.deepEqual(await run(['show', missing]), {
      code: 1,
      out: '',
      err: `rxhpo show: ${missing}: no such file or directory (ENOENT)\n`,
    });
  });
});
