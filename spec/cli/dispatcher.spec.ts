// The dispatcher alone, with stand-in commands: help, version, exit codes, errors of every kind.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CliCommand } from '../../cli/cliCommand.js';
import { UsageError } from '../../cli/cliCommand.js';
import { commands, main, topHelp } from '../../cli/rxhpo.js';
import { VERSION } from '../../lib/version.js';

const fake = (name: string, run: CliCommand['run']): CliCommand => ({
  name,
  summary: `${name} ARG  does ${name} things`,
  usage: `Usage: rxhpo ${name} ARG\n`,
  run,
});
const list = [
  fake('sync', (args, io) => (io.out(`sync ${args.join(',')}\n`), 0)),
  fake('later', async (args) => {
    await new Promise((r) => setTimeout(r, 1));
    return args.length;
  }),
  fake('usage', () => {
    throw new UsageError('--x must be 1', 'usage');
  }),
  fake('anon', () => {
    throw new UsageError('needs ARG');
  }),
  fake('boom', async () => {
    throw new RangeError('disk on fire');
  }),
  fake('weird', () => {
    throw 'a string';
  }),
];
const run = async (args: string[], cmds: ReadonlyArray<CliCommand> = list) => {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) }, cmds);
  return { code, out, err };
};

describe('rxhpo dispatcher', () => {
  it('runs the named command with the remaining arguments and resolves to its exit code', async () => {
    assert.deepEqual(await run(['sync', 'a', '--b']), { code: 0, out: 'sync a,--b\n', err: '' });
    assert.equal((await run(['later', 'x', 'y', 'z'])).code, 3, 'a promise of a code is awaited');
  });

  it('exit 2 with the message and a pointer to the help for a UsageError', async () => {
    assert.deepEqual(await run(['usage']), {
      code: 2,
      out: '',
      err: 'rxhpo usage: --x must be 1\nSee: rxhpo usage --help\n',
    });
  });

  it('a UsageError that does not name its command points at the help of the command that threw it', async () => {
    assert.deepEqual(await run(['anon']), { code: 2, out: '', err: 'rxhpo anon: needs ARG\nSee: rxhpo anon --help\n' });
  });

  it('exit 1 with the error name and message for any other failure, sync or async', async () => {
    assert.deepEqual(await run(['boom']), { code: 1, out: '', err: 'rxhpo boom: RangeError: disk on fire\n' });
    assert.deepEqual(await run(['weird']), { code: 1, out: '', err: 'rxhpo weird: a string\n' });
  });

  it('an unknown command: exit 2, the list of commands, and a suggestion for a near miss', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      'rxhpo: unknown command "frobnicate"; commands: sync, later, usage, anon, boom, weird\nSee: rxhpo --help\n',
    );
    assert.match((await run(['lter'])).err, /unknown command "lter" \(did you mean later\?\)/);
    assert.match((await run(['bo'])).err, /\(did you mean boom\?\)/, 'a prefix');
  });

  it('help: the top help lists every command with aligned descriptions; help NAME prints its usage', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run([flag]);
      assert.equal(r.code, 0, flag);
      assert.equal(r.out, topHelp(list));
    }
    const top = topHelp(list);
    const lines = list.map((c) => top.split('\n').find((l) => l.startsWith(`  ${c.name} ARG `)) ?? '');
    assert.deepEqual(
      lines.map((l) => l.indexOf('does')),
      list.map(() => '  weird ARG   '.length),
      'descriptions start in one column',
    );
    assert.match(top, /Exit codes:\n {2}0 {3}ok\n {2}1 {3}the command failed/);
    assert.deepEqual(await run(['help', 'later']), { code: 0, out: 'Usage: rxhpo later ARG\n', err: '' });
    assert.equal((await run(['help', 'nope'])).code, 2);
    const none = await run([]);
    assert.equal(none.code, 2, 'no command is a usage error');
    assert.equal(none.out, top);
  });

  it('-v and --version print the version', async () => {
    for (const flag of ['-v', '--version'])
      assert.deepEqual(await run([flag]), { code: 0, out: `${VERSION}\n`, err: '' });
  });
});

describe('rxhpo commands', () => {
  it('every command has a unique name, a summary naming it and a usage starting "Usage: rxhpo NAME"', () => {
    assert.equal(new Set(commands.map((c) => c.name)).size, commands.length);
    for (const c of commands) {
      assert.ok(c.summary.startsWith(`${c.name} `), c.summary);
      assert.ok(c.usage.startsWith(`Usage: rxhpo ${c.name} `), c.usage);
      assert.match(c.usage, /-h, --help/, `${c.name} documents --help`);
      assert.match(c.usage, /\n$/, `${c.name}'s usage ends with a newline`);
    }
  });

  for (const c of commands)
    it(`rxhpo ${c.name} --help and -h print its usage, exit 0`, async () => {
      for (const flag of ['--help', '-h'])
        assert.deepEqual(await run([c.name, flag], commands), { code: 0, out: c.usage, err: '' });
    });
});
