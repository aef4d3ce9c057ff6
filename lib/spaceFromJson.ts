import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Choice, Condition, Distribution } from './distribution.js';
import {
  MAX_CONDITION_DEPTH,
  choiceProblems,
  conditionProblems,
  eachProblems,
  numericProblems,
} from './distribution.js';
import type { SearchSpace } from './searchSpace.js';
import { conditionParentProblems, flattenSpace } from './searchSpace.js';
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
/** `{param, in}` (membership) or `{param, low?, high?}` (inclusive range). */
const ConditionC = t.intersection([
  t.type({ param: t.string }),
  t.partial({ in: t.array(ChoiceC), low: t.number, high: t.number }),
]);
type ConditionJson = t.TypeOf<typeof ConditionC>;

interface NestedParam {
  type: 'float' | 'int' | 'categorical';
  low?: number;
  high?: number;
  log?: boolean;
  step?: number | null;
  choices?: Array<string | number | boolean>;
  branches?: Record<string, Record<string, NestedParam>>;
  each?: Record<string, NestedParam>;
  when?: ConditionJson;
}
const NestedParamC: t.Type<NestedParam> = t.recursion('Param', () =>
  t.intersection([
    t.type({ type: Type }),
    Common,
    t.partial({
      branches: t.record(t.string, t.record(t.string, NestedParamC)),
      each: t.record(t.string, NestedParamC),
      when: ConditionC,
    }),
  ]),
);
const NestedSpaceC = t.record(t.string, NestedParamC);
const ListParamC = t.intersection([
  t.type({ name: t.string, type: Type }),
  Common,
  t.partial({ condition: ConditionC }),
]);
const ListSpaceC = t.array(ListParamC);
type ListParam = t.TypeOf<typeof ListParamC>;

// JSON nesting allowed before decoding: a level of conditions takes at most four levels of objects
// (param, branches, choice, sub-space). Checked iteratively, so a 10,000-deep document is an error, not a
// stack overflow in the decoder.
const MAX_JSON_DEPTH = 4 * (MAX_CONDITION_DEPTH + 2);

const shapeProblems = (json: unknown): string[] => {
  const stack: Array<[unknown, number, string]> = [[json, 0, 'space']];
  const p: string[] = [];
  while (stack.length > 0) {
    const [v, depth, at] = stack.pop() as [unknown, number, string];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      p.push(`${at}: the space nests more than ${MAX_CONDITION_DEPTH} levels of conditions`);
      break;
    }
    // JSON.parse makes `__proto__` an own key; copying it into an object would set the prototype instead.
    if (Object.hasOwn(v, '__proto__')) p.push(`${at}: __proto__ cannot be a parameter name`);
    for (const [k, c] of Object.entries(v)) stack.push([c, depth + 1, `${at}.${k}`]);
  }
  return p;
};

const toCondition = (c: ConditionJson, at: string, problems: string[]): Condition | undefined => {
  const cp = conditionProblems(c, at);
  problems.push(...cp);
  if (cp.length > 0) return undefined;
  if (c.in !== undefined) return { param: c.param, in: c.in };
  return {
    param: c.param,
    ...(c.low === undefined ? {} : { low: c.low }),
    ...(c.high === undefined ? {} : { high: c.high }),
  };
};

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
    let d = toDistribution(p, at, problems);
    if (!d) continue;
    if (p.when !== undefined) {
      const c = toCondition(p.when, `${at}.when`, problems);
      if (c) d = { ...d, when: c };
    }
    if (d._tag === 'Categorical' && p.branches) {
      const branches: Record<string, SearchSpace> = {};
      for (const [choice, sub] of Object.entries(p.branches)) {
        if (!d.choices.some((c) => String(c) === choice))
          problems.push(`${at}.branches.${choice}: ${show(choice)} is not one of the choices ${show(d.choices)}`);
        branches[choice] = fromNested(sub, `${at}.branches.${choice}`, problems);
      }
      out[name] = { ...d, branches };
    } else if (d._tag === 'Int' && p.each) {
      const each = fromNested(p.each, `${at}.each`, problems);
      const ep = eachProblems(d, each, `${at}.each`);
      problems.push(...ep);
      out[name] = { ...d, each };
    } else {
      if (p.branches) problems.push(`${at}.branches: only categorical parameters can have branches`);
      if (p.each) problems.push(`${at}.each: only int parameters can have each`);
      out[name] = d;
    }
  }
  return out;
};

interface ListNode {
  d: Distribution;
  readonly branches: Map<string, Record<string, ListNode>>;
  readonly depth: number;
}

const fromList = (list: ReadonlyArray<ListParam>, problems: string[]): SearchSpace => {
  // A parameter conditioned on a categorical's choices goes into that categorical's branch for each choice
  // (the nested form); any other condition (on an int or a float, or a range) becomes a when() at the top
  // level, which may name any earlier parameter. Suggestion order follows the list within each level.
  const nodes = new Map<string, ListNode>();
  const root: Record<string, ListNode> = {};
  for (const [i, p] of list.entries()) {
    const at = `space[${i}] (${p.name})`;
    if (p.name === '__proto__') {
      problems.push(`${at}.name: __proto__ cannot be a parameter name`);
      continue;
    }
    if (p.name.length === 0) problems.push(`${at}.name: a parameter name must not be empty`);
    if (nodes.has(p.name)) {
      problems.push(`${at}.name: duplicate parameter name ${show(p.name)}`);
      continue;
    }
    const d = toDistribution(p, at, problems);
    if (!d) continue;
    if (!p.condition) {
      const node: ListNode = { d, branches: new Map(), depth: 0 };
      nodes.set(p.name, node);
      root[p.name] = node;
      continue;
    }
    const c = toCondition(p.condition, `${at}.condition`, problems);
    if (!c) continue;
    const parent = nodes.get(c.param);
    if (!parent) {
      const later = list.findIndex((q, j) => j > i && q.name === c.param);
      problems.push(
        `${at}.condition.param: ${show(c.param)} must name an earlier parameter (${later >= 0 ? `it comes later, at space[${later}]` : c.param === p.name ? 'it names itself' : 'no parameter has that name'})`,
      );
      continue;
    }
    const cp = conditionParentProblems(c, parent.d, `${at}.condition`);
    if (cp.length > 0) {
      problems.push(...cp);
      continue;
    }
    const depth = parent.depth + 1;
    if (depth > MAX_CONDITION_DEPTH) {
      problems.push(`${at}.condition: the space nests more than ${MAX_CONDITION_DEPTH} levels of conditions`);
      break;
    }
    if ('in' in c && parent.d._tag === 'Categorical') {
      const node: ListNode = { d, branches: new Map(), depth };
      nodes.set(p.name, node);
      for (const v of c.in) {
        const b = parent.branches.get(String(v)) ?? {};
        b[p.name] = node;
        parent.branches.set(String(v), b);
      }
    } else {
      const node: ListNode = { d: { ...d, when: c }, branches: new Map(), depth };
      nodes.set(p.name, node);
      root[p.name] = node;
    }
  }
  if (problems.length > 0) return {};
  const build = (rec: Record<string, ListNode>): SearchSpace => {
    const out: Record<string, Distribution> = {};
    for (const [name, node] of Object.entries(rec))
      out[name] =
        node.d._tag === 'Categorical' && node.branches.size > 0
          ? { ...node.d, branches: Object.fromEntries([...node.branches].map(([k, v]) => [k, build(v)])) }
          : node.d;
    return out;
  };
  return build(root);
};

/**
 * Loads a search space from JSON, with full validation. Two forms are accepted:
 * - nested: `{ "lr": { "type": "float", "low": 1e-5, "high": 0.1, "log": true },
 *   "kernel": { "type": "categorical", "choices": ["linear", "rbf"], "branches": { "rbf": { "gamma": {…} } } } }`;
 *   a param may also carry `"when": {"param": "n", "in": [1, 2]}` or `"when": {"param": "x", "low": 0}` (as
 *   {@link when}), and an int `"each": {…}` (as `int`'s `each`);
 * - a list, as in benchmark problem files: `[{ "name": "kernel", "type": "categorical", "choices": […] },
 *   { "name": "gamma", "type": "float", …, "condition": { "param": "kernel", "in": ["rbf"] } }]`; a condition
 *   names any earlier parameter: `in` for ints and categoricals, `low`/`high` (inclusive) for ints and floats,
 *   and the parent may itself be conditional.
 *
 * Conditions nest at most {@link MAX_CONDITION_DEPTH} (32) levels deep; `__proto__` is not a parameter name.
 *
 * @example
 * ```ts
 * const space = spaceFromJson(JSON.parse(readFileSync('space.json', 'utf8')));
 * ```
 * @throws DecodeError with the path to a malformed field; InvalidOptionsError naming the field for an invalid
 * distribution, a condition naming an unknown or later parameter or values it can never take, or a space
 * nested too deep.
 */
export const spaceFromJson = (json: unknown): SearchSpace => {
  const problems: string[] = shapeProblems(json);
  if (problems.length > 0) throw new InvalidOptionsError('search space JSON', problems);
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
  try {
    flattenSpace(space);
  } catch (e) {
    if (e instanceof InvalidOptionsError) throw new InvalidOptionsError('search space JSON', e.info.problems);
    throw e;
  }
  return space;
};
