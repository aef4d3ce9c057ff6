import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Choice, Distribution } from './distribution.js';
import { choiceProblems, numericProblems } from './distribution.js';
import type { SearchSpace } from './searchSpace.js';
import { flattenSpace } from './searchSpace.js';
import { DecodeError, InvalidOptionsError, show } from './errors.js';

const ChoiceC = t.union([t.string, t.number, t.boolean]);
const Common = t.partial({
  low: t.number,
  high: t.number,
  log: t.boolean,
  step: t.union([t.number, t.null]),
  choices: t.array(ChoiceC),
});
const Type = t.keyof({ float: null, int: null, categorical: null });

interface NestedParam {
  type: 'float' | 'int' | 'categorical';
  low?: number;
  high?: number;
  log?: boolean;
  step?: number | null;
  choices?: Array<string | number | boolean>;
  branches?: Record<string, Record<string, NestedParam>>;
}
const NestedParamC: t.Type<NestedParam> = t.recursion('Param', () =>
  t.intersection([
    t.type({ type: Type }),
    Common,
    t.partial({ branches: t.record(t.string, t.record(t.string, NestedParamC)) }),
  ]),
);
const NestedSpaceC = t.record(t.string, NestedParamC);
const ListParamC = t.intersection([
  t.type({ name: t.string, type: Type }),
  Common,
  t.partial({ condition: t.type({ param: t.string, in: t.array(ChoiceC) }) }),
]);
const ListSpaceC = t.array(ListParamC);
type ListParam = t.TypeOf<typeof ListParamC>;

const toDistribution = (p: NestedParam | ListParam, at: string, problems: string[]): Distribution | undefined => {
  const step = p.step === null ? undefined : p.step;
  if (p.type === 'categorical') {
    const cp = choiceProblems(p.choices);
    problems.push(...cp.map((m) => `${at}: ${m}`));
    return cp.length > 0 ? undefined : { _tag: 'Categorical', choices: p.choices as Choice[], branches: {} };
  }
  const base = { low: p.low, high: p.high, log: p.log ?? false };
  const d =
    p.type === 'int'
      ? { _tag: 'Int' as const, ...base, step: step ?? 1 }
      : step === undefined
        ? { _tag: 'Float' as const, ...base }
        : { _tag: 'Float' as const, ...base, step };
  if (p.low === undefined) problems.push(`${at}.low is required for type ${show(p.type)}`);
  if (p.high === undefined) problems.push(`${at}.high is required for type ${show(p.type)}`);
  if (p.low === undefined || p.high === undefined) return undefined;
  const np = numericProblems(d);
  problems.push(...np.map((m) => `${at}: ${m}`));
  return np.length > 0 ? undefined : (d as Distribution);
};

const fromNested = (json: Record<string, NestedParam>, path: string, problems: string[]): SearchSpace => {
  const out: Record<string, Distribution> = {};
  for (const [name, p] of Object.entries(json)) {
    const at = `${path}.${name}`;
    const d = toDistribution(p, at, problems);
    if (!d) continue;
    if (d._tag === 'Categorical' && p.branches) {
      const branches: Record<string, SearchSpace> = {};
      for (const [choice, sub] of Object.entries(p.branches)) {
        if (!d.choices.some((c) => String(c) === choice))
          problems.push(`${at}.branches.${choice}: ${show(choice)} is not one of the choices ${show(d.choices)}`);
        branches[choice] = fromNested(sub, `${at}.branches.${choice}`, problems);
      }
      out[name] = { ...d, branches };
    } else {
      if (p.branches) problems.push(`${at}.branches: only categorical parameters can have branches`);
      out[name] = d;
    }
  }
  return out;
};

const fromList = (list: ReadonlyArray<ListParam>, problems: string[]): SearchSpace => {
  // Build the nested form: a conditional parameter goes into its parent's branch for each choice in `in`.
  const nodes = new Map<string, { d: Distribution; branches: Map<string, Record<string, unknown>> }>();
  const root: Record<string, unknown> = {};
  for (const [i, p] of list.entries()) {
    const at = `space[${i}] (${p.name})`;
    if (nodes.has(p.name)) {
      problems.push(`${at}.name: duplicate parameter name ${show(p.name)}`);
      continue;
    }
    const d = toDistribution(p, at, problems);
    if (!d) continue;
    const node = { d, branches: new Map<string, Record<string, unknown>>() };
    nodes.set(p.name, node);
    if (!p.condition) {
      root[p.name] = node;
      continue;
    }
    const parent = nodes.get(p.condition.param);
    if (!parent || parent.d._tag !== 'Categorical') {
      problems.push(`${at}.condition.param: ${show(p.condition.param)} must name an earlier categorical parameter`);
      continue;
    }
    for (const v of p.condition.in) {
      const choices = parent.d.choices;
      if (!choices.some((c) => c === v)) {
        problems.push(`${at}.condition.in: ${show(v)} is not one of ${p.condition.param}'s choices ${show(choices)}`);
        continue;
      }
      const b = parent.branches.get(String(v)) ?? {};
      b[p.name] = node;
      parent.branches.set(String(v), b);
    }
  }
  const build = (rec: Record<string, unknown>): SearchSpace => {
    const out: Record<string, Distribution> = {};
    for (const [name, n] of Object.entries(rec)) {
      const node = n as { d: Distribution; branches: Map<string, Record<string, unknown>> };
      out[name] =
        node.d._tag === 'Categorical' && node.branches.size > 0
          ? { ...node.d, branches: Object.fromEntries([...node.branches].map(([k, v]) => [k, build(v)])) }
          : node.d;
    }
    return out;
  };
  return build(root);
};

/**
 * Loads a search space from JSON, with full validation. Two forms are accepted:
 * - nested: `{ "lr": { "type": "float", "low": 1e-5, "high": 0.1, "log": true },
 *   "kernel": { "type": "categorical", "choices": ["linear", "rbf"], "branches": { "rbf": { "gamma": {…} } } } }`
 * - a list, as in benchmark problem files: `[{ "name": "kernel", "type": "categorical", "choices": […] },
 *   { "name": "gamma", "type": "float", …, "condition": { "param": "kernel", "in": ["rbf"] } }]`
 *
 * @example
 * ```ts
 * const space = spaceFromJson(JSON.parse(readFileSync('space.json', 'utf8')));
 * ```
 * @throws DecodeError with the path to a malformed field; InvalidOptionsError for an invalid distribution.
 */
export const spaceFromJson = (json: unknown): SearchSpace => {
  const problems: string[] = [];
  let space: SearchSpace;
  if (Array.isArray(json)) {
    const r = ListSpaceC.decode(json);
    if (isLeft(r)) throw new DecodeError('search space JSON', PathReporter.report(r));
    space = fromList(r.right, problems);
  } else {
    const r = NestedSpaceC.decode(json);
    if (isLeft(r)) throw new DecodeError('search space JSON', PathReporter.report(r));
    space = fromNested(r.right, 'space', problems);
  }
  if (problems.length === 0 && Object.keys(space).length === 0) problems.push('space must have at least one parameter');
  if (problems.length > 0) throw new InvalidOptionsError('search space JSON', problems);
  flattenSpace(space);
  return space;
};
