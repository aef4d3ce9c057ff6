// Optuna's own view of a journal file, printed by optuna_view.py under the system Python. Undefined
// when Python or optuna is missing: specs then skip, saying so (CI installs python3-optuna).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pyLoads } from '../../lib/journal/pyJson.js';

const PYTHON = process.env.RXHPO_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./optuna_view.py', import.meta.url));

export interface OptunaViewTrial {
  readonly number: number;
  readonly state: string;
  readonly params: Record<string, unknown>;
  readonly distributions: Record<string, { name: string; attributes: Record<string, unknown> }>;
  readonly intermediate_values: Array<[number, number]>;
  readonly values: number[] | null;
  readonly user_attrs: Record<string, unknown>;
  readonly system_attrs: Record<string, unknown>;
  readonly datetime_start: string | null;
  readonly datetime_complete: string | null;
}
export interface OptunaView {
  readonly optuna: string;
  readonly studies: ReadonlyArray<{
    readonly name: string;
    readonly directions: string[];
    readonly system_attrs: Record<string, unknown>;
    readonly best: { number: number; value: number; params: Record<string, unknown> } | null;
    readonly trials: OptunaViewTrial[];
  }>;
}

/** Why Optuna cannot be run here, or undefined when it can. */
export const optunaMissing: string | undefined = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' });
  if (r.error) return `skipped: ${PYTHON} cannot be run (${r.error.message}); install python3-optuna`;
  if (r.status !== 0) return `skipped: ${PYTHON} cannot import optuna; install python3-optuna`;
  return undefined;
})();

/**
 * Optuna's own views of the journals at `paths`, in one Python process (importing optuna takes seconds).
 * The files must be writable: Optuna 3.1 opens them for append.
 */
export const optunaViews = (paths: ReadonlyArray<string>): OptunaView[] => {
  const r = spawnSync(PYTHON, [SCRIPT, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`optuna_view.py ${paths.join(' ')} exited ${r.status}: ${r.stderr}`);
  const out = pyLoads(r.stdout, 'optuna_view output');
  return (paths.length === 1 ? [out] : out) as OptunaView[];
};

/** Optuna's own view of the journal at `path`. */
export const optunaView = (path: string): OptunaView => optunaViews([path])[0] as OptunaView;
