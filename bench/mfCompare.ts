/**
 * Multi-fidelity methods side by side, from `bench:multifidelity` result files and
 * `bench/hpbandster/run_hpbandster.py` ones (same `runs[].method/seed/checkpoints` shape):
 *
 *   npx tsx bench/mfCompare.ts --files a.json,b.json --methods bohb_seq,hpbandster_bohb --pairs bohb_seq:hpbandster_bohb
 *
 * Per method: best final-epoch loss at each checkpoint, median [q25, q75] over its seeds. Per pair a:b and
 * checkpoint: the two-sided Mann–Whitney p-value of the two samples and P(a < b) (a's chance of a lower
 * loss than b's; 0.5 = even). The samples are unpaired: two implementations draw differently from the
 * same seed.
 * A run with no completed trial by a checkpoint counts there as +∞ (the worst).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { mannWhitney } from './mannWhitney.js';
import { fmt, markdownTable, medianIqr } from './stats.js';
import { runCli } from './runCli.js';

interface Run {
  readonly method: string;
  readonly seed: number;
  readonly checkpoints: Readonly<Record<string, { readonly best_final_observed: number | null } | undefined>>;
}

const main = (): void => {
  const { values: args } = parseArgs({
    options: {
      files: { type: 'string' },
      methods: { type: 'string' },
      pairs: { type: 'string', default: '' },
      checkpoints: { type: 'string', default: '810,1620,3240' },
    },
  });
  if (!args.files || !args.methods) throw new InvalidOptionsError('mfCompare', ['--files and --methods are required']);
  const runs = args.files
    .split(',')
    .flatMap((path) => (JSON.parse(readFileSync(path, 'utf8')) as { runs: Run[] }).runs);
  const cps = args.checkpoints.split(',');
  const sample = (m: string, cp: string): number[] => {
    const xs = runs.filter((r) => r.method === m).map((r) => r.checkpoints[cp]?.best_final_observed ?? Infinity);
    if (xs.length === 0) throw new InvalidOptionsError('--methods', [`no runs of ${show(m)} in ${args.files}`]);
    return xs;
  };
  const methods = args.methods.split(',');
  console.log(
    markdownTable(
      ['method (seeds)', ...cps],
      methods.map((m) => [
        `${m} (${sample(m, cps[0] as string).length})`,
        ...cps.map((cp) => medianIqr(sample(m, cp))),
      ]),
    ),
  );
  const pairs = args.pairs.split(',').filter((p) => p !== '');
  if (pairs.length === 0) return;
  console.log();
  console.log(
    markdownTable(
      ['a vs b: rank-sum p, P(a < b)', ...cps],
      pairs.map((pair) => {
        const [a, b] = pair.split(':') as [string, string];
        return [
          `${a} vs ${b}`,
          ...cps.map((cp) => {
            const t = mannWhitney(sample(a, cp), sample(b, cp));
            return `p ${fmt(t.p)}, ${t.effect.toFixed(2)}`;
          }),
        ];
      }),
    ),
  );
};

runCli(main);
