// The CSV loader: numeric features, a named target; every bad file is a CsvError naming row and column.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvError, loadCsv, parseCsv } from '../../../adapters/node/index.js';
import { InvalidOptionsError } from '../../../lib/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const csvError = (text: string, target: string, match: RegExp, row?: number, column?: string): void => {
  assert.throws(
    () => parseCsv(text, { target, source: 'data.csv' }),
    (e: unknown) => {
      assert.ok(e instanceof CsvError, `expected a CsvError, got ${String(e)}`);
      assert.match(e.message, match);
      assert.equal(e.row, row);
      assert.equal(e.column, column);
      return true;
    },
  );
};

describe('parseCsv', () => {
  it('reads numeric features and a numeric target, in file order, without the target column', () => {
    const d = parseCsv('a,y,b\n1,10,2\n3,20,4.5e1\n\n', { target: 'y' });
    assert.deepEqual(d, {
      features: ['a', 'b'],
      target: 'y',
      x: [
        [1, 2],
        [3, 45],
      ],
      y: [10, 20],
    });
  });

  it('encodes text labels of the target in order of first appearance, quotes and CRLF included', () => {
    const d = parseCsv('"a",label\r\n1,"cat"\r\n2,dog\r\n3,cat\r\n', { target: 'label' });
    assert.deepEqual(d.y, [0, 1, 0]);
    assert.deepEqual(d.labels, ['cat', 'dog']);
    assert.deepEqual(d.features, ['a']);
  });

  const table: ReadonlyArray<[string, string, string, RegExp, number | undefined, string | undefined]> = [
    ['empty file', '', 'y', /data\.csv: the file is empty/, undefined, undefined],
    ['blank lines only', '\n \n', 'y', /the file is empty/, undefined, undefined],
    ['header only', 'a,y\n', 'y', /no data rows after the header/, undefined, undefined],
    ['missing target', 'a,b\n1,2\n', 'y', /no target column "y" in the header \(columns: a, b\)/, undefined, 'y'],
    [
      'non-numeric cell',
      'a,b,y\n1,2,3\n4,n/a,6\n',
      'y',
      /row 2 \(line 3\), column "b": "n\/a" is not a number/,
      2,
      'b',
    ],
    ['hex is not decimal', 'a,y\n0x1f,1\n', 'y', /row 1 \(line 2\), column "a": "0x1f" is not a number/, 1, 'a'],
    ['empty feature cell', 'a,b,y\n1,,3\n', 'y', /row 1 \(line 2\), column "b": the cell is empty/, 1, 'b'],
    ['empty target cell', 'a,y\n1,\n', 'y', /row 1 \(line 2\), column "y": the target is empty/, 1, 'y'],
    ['short row', 'a,b,y\n1,2,3\n1,2\n', 'y', /row 2 \(line 3\) has 2 cells, the header has 3/, 2, undefined],
  ];
  for (const [name, text, target, match, row, column] of table)
    it(`names the problem: ${name}`, () => csvError(text, target, match, row, column));

  it('refuses a target that is not a column name with an InvalidOptionsError', () => {
    assert.throws(() => parseCsv('a\n1\n', { target: '' }), InvalidOptionsError);
  });
});

describe('loadCsv', () => {
  it('loads the shipped digits data set: 1,797 rows of 64 features, 10 classes', () => {
    const d = loadCsv(join(root, 'datasets/digits.csv'), { target: 'target' });
    assert.equal(d.x.length, 1797);
    assert.equal(d.features.length, 64);
    assert.deepEqual(
      [...new Set(d.y)].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('names the file in its errors, and a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxhpo-csv-'));
    try {
      const path = join(dir, 'bad.csv');
      writeFileSync(path, 'x,y\n1,2\nfoo,3\n');
      assert.throws(() => loadCsv(path, { target: 'y' }), {
        name: 'CsvError',
        message: `${path}: row 2 (line 3), column "x": "foo" is not a number (features must be numeric)`,
      });
      assert.throws(() => loadCsv(join(dir, 'missing.csv'), { target: 'y' }), {
        name: 'CsvError',
        message: /missing\.csv: cannot read the file/,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
