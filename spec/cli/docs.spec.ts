// docs/cli.md shows each command's help as the command prints it, so the two cannot drift apart.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands, topHelp } from '../../cli/rxhpo.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/cli.md', import.meta.url)), 'utf8');

describe('docs/cli.md', () => {
  it('holds the output of rxhpo --help', () => {
    assert.ok(doc.includes(`$ rxhpo --help\n${topHelp()}\`\`\``), 'paste `rxhpo --help` into docs/cli.md');
  });
  for (const c of commands)
    it(`holds the help of rxhpo ${c.name} under its own heading`, () => {
      assert.ok(
        doc.includes(`## rxhpo ${c.name}\n\n\`\`\`\n$ rxhpo ${c.name} --help\n${c.usage}\`\`\``),
        `docs/cli.md lacks (or has an old copy of) the help of rxhpo ${c.name}: paste \`rxhpo ${c.name} --help\` ` +
          `under a "## rxhpo ${c.name}" heading, as for the other commands`,
      );
    });
});
