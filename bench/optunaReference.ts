import { readFileSync, existsSync } from 'node:fs';

/** The fields of a reference sampler run the comparison tables need. */
export interface ReferenceRun {
  readonly problem: string;
  readonly sampler: string;
  readonly seed: number;
  readonly regret: number;
  readonly time_ask_suggest_s: number;
  readonly time_tell_s: number;
}

/**
 * Reads the raw runs of a `<prefix>-samplers.json` file (the Optuna baseline, or an earlier rxhpo run)
 * grouped by `problem/sampler`. A missing file gives an empty map: the tables then show no reference.
 *
 * @example
 * ```ts
 * const ref = referenceRuns('bench/reference/optuna-samplers.json');
 * ref.get('branin/tpe')?.map((r) => r.regret);
 * ```
 */
export const referenceRuns = (path: string): ReadonlyMap<string, ReadonlyArray<ReferenceRun>> => {
  const out = new Map<string, ReferenceRun[]>();
  if (!existsSync(path)) return out;
  const json = JSON.parse(readFileSync(path, 'utf8')) as { runs?: ReadonlyArray<ReferenceRun> };
  for (const r of json.runs ?? []) {
    if (typeof r.regret !== 'number') continue;
    const key = `${r.problem}/${r.sampler}`;
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
};
