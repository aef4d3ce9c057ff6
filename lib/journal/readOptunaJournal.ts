import { DecodeError, show } from '../errors.js';
import type { OptunaChoice, OptunaDistribution } from './optunaDistribution.js';
import {
  compatibleOptunaDistributions,
  optunaDistributionFromJson,
  optunaExternalValue,
} from './optunaDistribution.js';
import { pyLoads } from './pyJson.js';

/** Optuna's trial states (`TrialState`), by name. */
export type OptunaTrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
const STATES: ReadonlyArray<OptunaTrialState> = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];
const finished = (s: OptunaTrialState): boolean => s === 'COMPLETE' || s === 'PRUNED' || s === 'FAIL';

/** One trial as Optuna's replay of a journal sees it (values in the user's sign, params external). */
export interface OptunaTrial {
  /** The global id (over every study of the file). */
  readonly id: number;
  /** The number within its study. */
  readonly number: number;
  readonly state: OptunaTrialState;
  readonly params: Readonly<Record<string, OptunaChoice>>;
  readonly distributions: Readonly<Record<string, OptunaDistribution>>;
  /** `[step, value]` in ascending step order. */
  readonly intermediateValues: ReadonlyArray<readonly [number, number]>;
  readonly values: ReadonlyArray<number> | null;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  readonly datetimeStart: string | null;
  readonly datetimeComplete: string | null;
}

/** One live study of an Optuna journal. */
export interface OptunaStudy {
  readonly id: number;
  readonly name: string;
  readonly directions: ReadonlyArray<'minimize' | 'maximize'>;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  readonly trials: ReadonlyArray<OptunaTrial>;
}

/** What {@link readOptunaJournal} found: the live studies in id order, and what it skipped. */
export interface OptunaJournal {
  readonly studies: ReadonlyArray<OptunaStudy>;
  /** Records skipped with a reason (unknown op codes, a torn last line), for the caller to show. */
  readonly warnings: ReadonlyArray<string>;
}

interface MutableTrial {
  id: number;
  number: number;
  studyId: number;
  state: OptunaTrialState;
  params: Record<string, OptunaChoice>;
  distributions: Record<string, OptunaDistribution>;
  intermediate: Map<number, number>;
  values: number[] | null;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
}
interface MutableStudy {
  id: number;
  name: string;
  directions: Array<'minimize' | 'maximize'>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  trialIds: number[];
}

type Rec = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Replays an Optuna journal file's text (`JournalFileStorage` / `JournalFileBackend`, written by
 * Optuna 3.1 to 5.x) exactly as Optuna does: Python-dialect JSON (NaN, Infinity), study names
 * de-duplicated (a second CREATE_STUDY of a live name is ignored), study and trial ids positional and
 * global, deleted studies dropped, updates to finished trials ignored, a parameter whose distribution
 * conflicts with the study's first trial that has it ignored, legacy distribution names mapped and
 * internal values turned into the user's values (categorical index → choice, int truncated). Unknown
 * op codes (such as 10, written by other tools) are skipped with a warning; so is a torn last line.
 *
 * @example
 * ```ts
 * const { studies } = readOptunaJournal(readFileSync('optuna.log', 'utf8'), 'optuna.log');
 * studies[0].trials.filter((t) => t.state === 'COMPLETE').length;
 * ```
 * @throws DecodeError naming `name` and the 1-based line of a record that is corrupt or malformed.
 */
export const readOptunaJournal = (text: string, name: string): OptunaJournal => {
  const studies = new Map<number, MutableStudy>();
  const trials: MutableTrial[] = [];
  const warnings: string[] = [];
  let nextStudyId = 0;
  const lines = text.split('\n');
  // Text after the last newline is not a record yet (Optuna 3.6+ reads it so); a parsable one is used.
  for (const [i, raw0] of lines.entries()) {
    const raw = raw0.replace(/\r$/, '').replace(/^\uFEFF/, '');
    const where = `${name} line ${i + 1}`;
    const last = i === lines.length - 1;
    if (raw.trim() === '') {
      if (last || lines.slice(i + 1).every((l) => l.trim() === '')) continue;
      throw new DecodeError(where, ['empty line in the middle of the journal (Optuna refuses such a file)']);
    }
    let rec: unknown;
    try {
      rec = pyLoads(raw, where);
    } catch (e) {
      if (last) {
        warnings.push(`${where}: cut short (a writer died while writing it); ignored`);
        continue;
      }
      throw e;
    }
    if (!isObject(rec)) throw new DecodeError(where, [`expected a JSON object, got ${show(rec)}`]);
    const field = (k: string): unknown => {
      if (!(k in rec)) throw new DecodeError(where, [`op_code ${show(rec.op_code)}: missing ${k}`]);
      return rec[k];
    };
    const int = (k: string): number => {
      const v = field(k);
      if (typeof v !== 'number' || !Number.isInteger(v))
        throw new DecodeError(where, [`${k}: expected an integer, got ${show(v)}`]);
      return v;
    };
    const oneKey = (k: string): Rec => {
      const v = field(k);
      if (!isObject(v) || Object.keys(v).length !== 1)
        throw new DecodeError(where, [`${k}: expected an object with exactly one key, got ${show(v)}`]);
      return v;
    };
    const valueList = (v: unknown, k: string): number[] | null => {
      if (v === null || v === undefined) return null;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number'))
        throw new DecodeError(where, [`${k}: expected a list of numbers or null, got ${show(v)}`]);
      return v as number[];
    };
    const op = rec.op_code;
    if (typeof op !== 'number' || !Number.isInteger(op) || op < 0 || op > 9) {
      warnings.push(`${where}: unknown op_code ${show(op)}; record skipped`);
      continue;
    }
    if (op === 0) {
      const studyName = field('study_name');
      const dirs = field('directions');
      if (typeof studyName !== 'string') throw new DecodeError(where, [`study_name: expected a string`]);
      if (!Array.isArray(dirs) || dirs.length === 0 || dirs.some((d) => d !== 1 && d !== 2))
        throw new DecodeError(where, [
          `directions: expected a list of 1 (minimize) or 2 (maximize), got ${show(dirs)}`,
        ]);
      if ([...studies.values()].some((s) => s.name === studyName)) continue;
      const id = nextStudyId++;
      studies.set(id, {
        id,
        name: studyName,
        directions: dirs.map((d) => (d === 1 ? 'minimize' : 'maximize')),
        userAttrs: {},
        systemAttrs: {},
        trialIds: [],
      });
    } else if (op === 1) studies.delete(int('study_id'));
    else if (op === 2 || op === 3) {
      const s = studies.get(int('study_id'));
      const attr = oneKey(op === 2 ? 'user_attr' : 'system_attr');
      if (s) Object.assign(op === 2 ? s.userAttrs : s.systemAttrs, attr);
    } else if (op === 4) {
      const s = studies.get(int('study_id'));
      const start = field('datetime_start');
      if (!s) continue;
      const dists: Record<string, OptunaDistribution> = {};
      const params: Record<string, OptunaChoice> = {};
      const rawDists = isObject(rec.distributions) ? rec.distributions : {};
      for (const [k, v] of Object.entries(rawDists))
        dists[k] = optunaDistributionFromJson(typeof v === 'string' ? pyLoads(v, where) : v, `${where} (${k})`);
      for (const [k, v] of Object.entries(isObject(rec.params) ? rec.params : {})) {
        const d = dists[k];
        if (!d) throw new DecodeError(where, [`params.${k}: has no entry in distributions`]);
        params[k] = optunaExternalValue(d, v, `${where} (${k})`);
      }
      const intermediate = new Map<number, number>();
      for (const [k, v] of Object.entries(isObject(rec.intermediate_values) ? rec.intermediate_values : {}))
        if (typeof v === 'number') intermediate.set(Math.trunc(Number(k)), v);
      const state = rec.state === undefined ? 0 : rec.state;
      if (typeof state !== 'number' || STATES[state] === undefined)
        throw new DecodeError(where, [`state: expected 0 to 4, got ${show(state)}`]);
      const single = typeof rec.value === 'number' ? [rec.value] : null;
      const id = trials.length;
      trials.push({
        id,
        number: s.trialIds.length,
        studyId: s.id,
        state: STATES[state] as OptunaTrialState,
        params,
        distributions: dists,
        intermediate,
        values: valueList(rec.values, 'values') ?? single,
        userAttrs: isObject(rec.user_attrs) ? { ...rec.user_attrs } : {},
        systemAttrs: isObject(rec.system_attrs) ? { ...rec.system_attrs } : {},
        datetimeStart: typeof start === 'string' ? start : null,
        datetimeComplete: typeof rec.datetime_complete === 'string' ? rec.datetime_complete : null,
      });
      s.trialIds.push(id);
    } else {
      const t = trials[int('trial_id')];
      if (!t || finished(t.state)) continue;
      if (op === 5) {
        const pname = field('param_name');
        const dtext = field('distribution');
        if (typeof pname !== 'string') throw new DecodeError(where, ['param_name: expected a string']);
        if (typeof dtext !== 'string')
          throw new DecodeError(where, [`distribution: expected a string holding JSON, got ${show(dtext)}`]);
        const d = optunaDistributionFromJson(pyLoads(dtext, where), where);
        const s = studies.get(t.studyId);
        const firstWith = s?.trialIds.map((id) => trials[id] as MutableTrial).find((x) => pname in x.distributions);
        const prev = firstWith?.distributions[pname];
        if (prev && !compatibleOptunaDistributions(prev, d)) continue;
        t.params[pname] = optunaExternalValue(d, field('param_value_internal'), where);
        t.distributions[pname] = d;
      } else if (op === 6) {
        const state = field('state');
        if (typeof state !== 'number' || STATES[state] === undefined)
          throw new DecodeError(where, [`state: expected 0 to 4, got ${show(state)}`]);
        const next = STATES[state] as OptunaTrialState;
        const values = valueList(field('values'), 'values');
        if (next === 'RUNNING') {
          if (t.state === 'RUNNING') continue;
          const start = field('datetime_start');
          t.datetimeStart = typeof start === 'string' ? start : null;
        } else if (finished(next)) {
          const done = field('datetime_complete');
          t.datetimeComplete = typeof done === 'string' ? done : null;
        }
        t.state = next;
        if (values !== null) t.values = values;
      } else if (op === 7) {
        const step = int('step');
        const v = field('intermediate_value');
        if (typeof v !== 'number')
          throw new DecodeError(where, [`intermediate_value: expected a number, got ${show(v)}`]);
        t.intermediate.set(step, v);
      } else Object.assign(op === 8 ? t.userAttrs : t.systemAttrs, oneKey(op === 8 ? 'user_attr' : 'system_attr'));
    }
  }
  const frozen = (t: MutableTrial): OptunaTrial => ({
    id: t.id,
    number: t.number,
    state: t.state,
    params: t.params,
    distributions: t.distributions,
    intermediateValues: [...t.intermediate.entries()].sort((a, b) => a[0] - b[0]),
    values: t.values,
    userAttrs: t.userAttrs,
    systemAttrs: t.systemAttrs,
    datetimeStart: t.datetimeStart,
    datetimeComplete: t.datetimeComplete,
  });
  return {
    studies: [...studies.values()].map((s) => ({
      id: s.id,
      name: s.name,
      directions: s.directions,
      userAttrs: s.userAttrs,
      systemAttrs: s.systemAttrs,
      trials: s.trialIds.map((id) => frozen(trials[id] as MutableTrial)),
    })),
    warnings,
  };
};
