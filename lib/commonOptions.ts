import { show } from './errors.js';
import { unknownOptionProblems } from './optionKeys.js';
import { spaceProblems } from './searchSpace.js';

/** How {@link commonOptionProblems} treats the options one front end has and the other lacks. */
export interface CommonOptionRules {
  /** Every top-level option name the front end accepts (unknown keys are reported with a suggestion). */
  readonly known: ReadonlyArray<string>;
  /** Why `budget.deadline` is refused, or `undefined` when the front end has a clock and accepts it. */
  readonly refuseDeadline?: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The problems with the options `study` and `askTell` share (space, objective, seed, concurrency,
 * budget, failFast), one line per bad field naming it and its value; empty when they are valid. Both
 * front ends call it, so the same options are accepted or refused with the same words by either.
 *
 * @example
 * ```ts
 * commonOptionProblems({ space, objective, concurrency: 0 }, { known: ['space', 'objective', 'concurrency'] });
 * // ['concurrency must be an integer >= 1, got 0']
 * ```
 */
export const commonOptionProblems = (options: unknown, rules: CommonOptionRules): string[] => {
  if (!isObject(options)) return [`options must be an object, got ${show(options)}`];
  const p = unknownOptionProblems(options, rules.known);
  p.push(...spaceProblems(options['space']));

  const objective = options['objective'];
  if (!isObject(objective)) p.push(`objective must be { metric: string, mode: 'min' | 'max' }, got ${show(objective)}`);
  else {
    p.push(...unknownOptionProblems(objective, ['metric', 'mode']).map((m) => `objective: ${m}`));
    const metric = objective['metric'];
    if (typeof metric !== 'string' || metric === '')
      p.push(`objective.metric must be a non-empty string, got ${show(metric)}`);
    const mode = objective['mode'];
    if (mode !== 'min' && mode !== 'max') p.push(`objective.mode: ${show(mode)} is not "min" | "max"`);
  }

  const seed = options['seed'];
  if (seed !== undefined && typeof seed !== 'string' && !(typeof seed === 'number' && Number.isFinite(seed)))
    p.push(`seed must be a string or a finite number, got ${show(seed)}`);

  const c = options['concurrency'];
  if (c !== undefined && !(typeof c === 'number' && Number.isInteger(c) && c >= 1))
    p.push(`concurrency must be an integer >= 1, got ${show(c)}`);

  const b = options['budget'];
  if (b !== undefined && !isObject(b))
    p.push(`budget must be an object { trials?, steps?, deadline?, cost? }, got ${show(b)}`);
  else if (b !== undefined) {
    p.push(...unknownOptionProblems(b, ['trials', 'steps', 'deadline', 'cost']).map((m) => `budget: ${m}`));
    const { trials, steps, deadline, cost } = b;
    if (cost !== undefined && !isObject(cost))
      p.push(`budget.cost must be an object { total, metric? }, got ${show(cost)}`);
    else if (cost !== undefined) {
      p.push(...unknownOptionProblems(cost, ['total', 'metric']).map((m) => `budget.cost: ${m}`));
      const { total, metric } = cost;
      if (!(typeof total === 'number' && Number.isFinite(total) && total >= 0))
        p.push(`budget.cost.total must be a finite number >= 0, got ${show(total)}`);
      if (metric !== undefined && !(typeof metric === 'string' && metric !== ''))
        p.push(
          `budget.cost.metric must be a non-empty string (the metric that carries a trial's cost), got ${show(metric)}`,
        );
    }
    if (trials !== undefined && !(typeof trials === 'number' && Number.isInteger(trials) && trials >= 0))
      p.push(`budget.trials must be an integer >= 0, got ${show(trials)}`);
    if (steps !== undefined && !(typeof steps === 'number' && steps >= 0))
      p.push(`budget.steps must be >= 0, got ${show(steps)}`);
    if (deadline !== undefined && rules.refuseDeadline !== undefined)
      p.push(`budget.deadline: ${rules.refuseDeadline}`);
    else if (deadline !== undefined && !(typeof deadline === 'number' && deadline >= 0))
      p.push(`budget.deadline must be >= 0 ms, got ${show(deadline)}`);
  }

  const f = options['failFast'];
  if (f !== undefined && typeof f !== 'boolean' && !(typeof f === 'number' && Number.isInteger(f) && f >= 1))
    p.push(
      `failFast must be a boolean or an integer >= 1 (the number of failed trials that ends the study), got ${show(f)}`,
    );
  return p;
};
