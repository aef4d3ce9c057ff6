import type { CategoricalDistribution, Choice, Condition, Distribution } from './distribution.js';
import {
  MAX_CONDITION_DEPTH,
  choiceProblems,
  conditionHolds,
  conditionProblems,
  contains,
  eachProblems,
  numericProblems,
  sameDistribution,
} from './distribution.js';
import { InvalidOptionsError, show } from './errors.js';

/**
 * A search space: named distributions. A categorical with `branches`, a distribution wrapped in
 * `when(…)` or an int with `each` makes it conditional.
 *
 * @example
 * ```ts
 * const space = {
 *   lr: float(1e-4, 1e-1, { log: true }),
 *   kernel: categorical(['linear', 'rbf'], { rbf: { gamma: float(1e-4, 10, { log: true }) } }),
 * } satisfies SearchSpace;
 * type C = ConfigOf<typeof space>; // { lr: number } & ({ kernel: 'linear' } | { kernel: 'rbf'; gamma: number })
 * ```
 */
export type SearchSpace = { readonly [param: string]: Distribution };

type ValueOf<D> = D extends CategoricalDistribution<infer C, infer _B> ? C : number;
type IsConditional<D> = D extends { readonly when: Condition } ? true : false;
type IsBranching<D> =
  D extends CategoricalDistribution<infer _C, infer B> ? ([keyof B] extends [never] ? false : true) : false;
type BranchKeys<S> = { [K in keyof S]: IsBranching<S[K]> extends true ? K : never }[keyof S];
type Simplify<T> = T extends unknown ? { readonly [K in keyof T]: T[K] } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type BranchOf<K extends PropertyKey, D> =
  | (D extends CategoricalDistribution<infer C, infer B>
      ? C extends Choice
        ? { readonly [P in K]: C } & (`${C}` extends keyof B
            ? NonNullable<B[`${C}`]> extends SearchSpace
              ? ConfigOf<NonNullable<B[`${C}`]>>
              : unknown
            : unknown)
        : never
      : never)
  | (IsConditional<D> extends true ? { readonly [P in K]?: never } : never);
type Branches<S extends SearchSpace> = [BranchKeys<S>] extends [never]
  ? unknown
  : UnionToIntersection<{ [K in BranchKeys<S>]: { box: BranchOf<K, S[K]> } }[BranchKeys<S>]> extends { box: infer X }
    ? X
    : never;
// An int with `each` adds one optional key per member and index: `${member}${number}`.
type EachOf<D> = D extends { readonly each: infer E extends SearchSpace }
  ? { readonly [M in keyof E & string as `${M}${number}`]?: ValueOf<E[M]> }
  : unknown;
type Eaches<S extends SearchSpace> =
  UnionToIntersection<{ [K in keyof S]: { box: EachOf<S[K]> } }[keyof S]> extends { box: infer X } ? X : unknown;

/**
 * The config type a space produces: numbers for float/int, the literal choices for categoricals, a
 * discriminated union for conditional branches, optional keys for `when(…)` parameters, and
 * template-literal keys (`n_units_l${number}`) for the members of an int's `each`.
 */
export type ConfigOf<S extends SearchSpace> = Simplify<
  {
    readonly [
      K in keyof S as IsBranching<S[K]> extends true ? never : IsConditional<S[K]> extends true ? never : K
    ]: ValueOf<S[K]>;
  } & {
    readonly [
      K in keyof S as IsBranching<S[K]> extends true ? never : IsConditional<S[K]> extends true ? K : never
    ]?: ValueOf<S[K]>;
  } & Branches<S> &
    Eaches<S>
>;

/**
 * The value of a parameter that must be present in `config`, typed from the config (a template-literal
 * key such as `` `n_units_l${i}` `` included), so indexed families read without casts.
 *
 * @example
 * ```ts
 * for (let i = 0; i < config.n_layers; i++) units.push(param(config, `n_units_l${i}`));
 * ```
 * @throws InvalidOptionsError if the parameter is absent (inactive in this config, or misspelt at run time).
 */
export const param = <C extends object, K extends keyof C & string>(config: C, name: K): Exclude<C[K], undefined> => {
  if (!Object.hasOwn(config, name))
    throw new InvalidOptionsError('param', [
      `${show(name)} is not in this config (it is inactive or unknown); the config has ${show(Object.keys(config))}`,
    ]);
  return config[name] as Exclude<C[K], undefined>;
};

/** A parameter of a flattened space, in suggestion order, with the condition that activates it. */
export interface ParamSpec {
  readonly name: string;
  readonly distribution: Distribution;
  /**
   * Absent for unconditional parameters: otherwise active iff the parent `condition.param` (an earlier
   * parameter) is active and its value satisfies the condition (membership in `in`, or the range
   * [`low`, `high`]).
   */
  readonly condition?: Condition;
}

const protoProblem = (sub: object, path: string): string[] => {
  const proto = Object.getPrototypeOf(sub);
  return proto === Object.prototype || proto === null
    ? []
    : [
        `${path} has a non-Object prototype: __proto__ cannot be a parameter name (an object literal { __proto__: x } sets the prototype instead of adding a parameter)`,
      ];
};

/** Problems with a space (recursing into branches), each prefixed with the path to the field. */
export const spaceProblems = (space: unknown, path = 'space', depth = 0): string[] => {
  if (typeof space !== 'object' || space === null || Array.isArray(space))
    return [`${path} must be an object of distributions, got ${show(space)}`];
  if (depth > MAX_CONDITION_DEPTH)
    return [`${path}: the space nests more than ${MAX_CONDITION_DEPTH} levels of conditions`];
  const entries = Object.entries(space);
  if (path === 'space' && entries.length === 0) return [`${path} must have at least one parameter`];
  const p: string[] = protoProblem(space, path);
  for (const [name, d] of entries) {
    const at = `${path}.${name}`;
    if (name.length === 0) p.push(`${path} has an empty parameter name`);
    if (typeof d !== 'object' || d === null || !('_tag' in d)) {
      p.push(`${at} must be a distribution made by float(), int() or categorical(), got ${show(d)}`);
      continue;
    }
    const dist = d as Distribution;
    if (dist.when !== undefined) p.push(...conditionProblems(dist.when, `${at}.when`));
    if (dist._tag === 'Float' || dist._tag === 'Int') {
      const np = numericProblems(dist);
      p.push(...np.map((m) => `${at}: ${m}`));
      if (dist._tag === 'Int' && dist.each !== undefined && np.length === 0)
        p.push(...eachProblems(dist, dist.each, `${at}.each`));
    } else if (dist._tag === 'Categorical') {
      p.push(...choiceProblems(dist.choices).map((m) => `${at}: ${m}`));
      for (const [choice, sub] of Object.entries(dist.branches ?? {})) {
        if (!dist.choices.some((c) => String(c) === choice))
          p.push(`${at}.branches has a key ${show(choice)} that is not one of the choices`);
        p.push(...spaceProblems(sub, `${at}.branches.${choice}`, depth + 1));
      }
    } else p.push(`${at} has an unknown distribution tag ${show((d as { _tag: unknown })._tag)}`);
  }
  if (path === 'space' && p.length === 0)
    try {
      flattenSpace(space as SearchSpace);
    } catch (e) {
      if (e instanceof InvalidOptionsError) p.push(...e.info.problems);
      else throw e;
    }
  return p;
};

/**
 * Problems with a condition against the parent it names: `in` for ints and categoricals (every value
 * one the parent can take), a range for ints and floats (overlapping the parent's range).
 */
export const conditionParentProblems = (c: Condition, parent: Distribution, at: string): string[] => {
  if ('in' in c) {
    if (parent._tag === 'Float')
      return [`${at}.in: ${show(c.param)} is a float; condition on it with low/high, not in`];
    const bad = c.in.filter((v) => !contains(parent, v));
    return bad.length === 0
      ? []
      : [`${at}.in: ${show(bad)} can never be a value of ${show(c.param)} (${describeDistribution(parent)})`];
  }
  if (parent._tag === 'Categorical')
    return [`${at}: ${show(c.param)} is categorical; condition on it with in, not low/high`];
  if ((c.low !== undefined && c.low > parent.high) || (c.high !== undefined && c.high < parent.low))
    return [
      `${at}: the range [${c.low ?? '-inf'}, ${c.high ?? 'inf'}] never meets ${show(c.param)} (${describeDistribution(parent)})`,
    ];
  return [];
};

const flatCache = new WeakMap<SearchSpace, ReadonlyArray<ParamSpec>>();

/**
 * The parameters of a space in suggestion order: a branch's parameters right after the categorical
 * that activates them, an int's `each` members (`${member}${i}`, index by index) right after the int,
 * everything else in key order. A parameter may appear in several branches of the same categorical if
 * its distribution is identical; it is then active for each of those choices. A `when(…)` parameter
 * must name an earlier parameter (inside a branch, an earlier parameter of the same branch).
 *
 * @example
 * ```ts
 * flattenSpace(space).map((p) => p.name); // ['lr', 'kernel', 'gamma']
 * ```
 * @throws InvalidOptionsError naming the field: a name used twice, a condition naming an unknown or later
 * parameter or values its parent cannot take, more than {@link MAX_CONDITION_DEPTH} levels of conditions.
 */
export const flattenSpace = (space: SearchSpace): ReadonlyArray<ParamSpec> => {
  const cached = flatCache.get(space);
  if (cached) return cached;
  const out: ParamSpec[] = [];
  const index = new Map<string, number>();
  const depthOf: number[] = [];
  const problems: string[] = [];
  // `when` parameters declared inside a branch: their chain must lead back to exactly that branch.
  const inBranch: Array<{ spec: number; param: string; choice: Choice; at: string }> = [];
  const add = (spec: ParamSpec, depth: number, at: string): boolean => {
    if (index.has(spec.name)) {
      problems.push(`${at}: parameter name ${show(spec.name)} is used twice`);
      return false;
    }
    if (depth > MAX_CONDITION_DEPTH) {
      problems.push(`${at}: the space nests more than ${MAX_CONDITION_DEPTH} levels of conditions`);
      return false;
    }
    index.set(spec.name, out.length);
    out.push(spec);
    depthOf.push(depth);
    return true;
  };
  const visit = (sub: SearchSpace, branch: { param: string; choice: Choice } | undefined, path: string): void => {
    const local = new Set<string>();
    problems.push(...protoProblem(sub, path));
    for (const [name, d] of Object.entries(sub)) {
      const at = `${path}.${name}`;
      if (name === '__proto__') {
        problems.push(`${at}: __proto__ cannot be a parameter name`);
        continue;
      }
      const seen = index.get(name);
      if (seen !== undefined && branch && d.when === undefined) {
        const prev = out[seen] as ParamSpec;
        const pc = prev.condition;
        if (pc && 'in' in pc && pc.param === branch.param && sameDistribution(prev.distribution, d)) {
          out[seen] = { ...prev, condition: { param: branch.param, in: [...pc.in, branch.choice] } };
          local.add(name);
          continue;
        }
        problems.push(
          `${at}: parameter name ${show(name)} is used twice; a name may repeat only in sibling branches with the same distribution`,
        );
        continue;
      }
      let condition: Condition | undefined;
      let depth = 0;
      if (d.when !== undefined) {
        const c = d.when;
        const pi = index.get(c.param);
        if (branch && !local.has(c.param)) {
          problems.push(
            `${at}.when.param: ${show(c.param)} is not an earlier parameter of this branch (inside a branch, when() names a parameter of the same branch; put the parameter at the top level to name any earlier one)`,
          );
          continue;
        }
        if (pi === undefined) {
          problems.push(
            `${at}.when.param: ${show(c.param)} must name an earlier parameter (${c.param === name ? 'itself' : 'unknown or later'})`,
          );
          continue;
        }
        const cp = conditionParentProblems(c, (out[pi] as ParamSpec).distribution, `${at}.when`);
        if (cp.length > 0) {
          problems.push(...cp);
          continue;
        }
        condition = c;
        depth = (depthOf[pi] as number) + 1;
        if (branch) inBranch.push({ spec: out.length, param: branch.param, choice: branch.choice, at });
      } else if (branch) {
        condition = { param: branch.param, in: [branch.choice] };
        depth = (depthOf[index.get(branch.param) as number] as number) + 1;
      }
      const spec: ParamSpec = condition ? { name, distribution: d, condition } : { name, distribution: d };
      if (!add(spec, depth, at)) continue;
      local.add(name);
      if (d._tag === 'Categorical') {
        for (const choice of d.choices) {
          const key = String(choice);
          const sub2 = Object.hasOwn(d.branches, key) ? d.branches[key] : undefined;
          if (sub2) visit(sub2, { param: name, choice }, `${at}.branches.${key}`);
        }
      } else if (d._tag === 'Int' && d.each !== undefined) {
        const each = Object.entries(d.each);
        for (let i = 0; i < d.high; i++)
          for (const [m, md] of each)
            if (
              add(
                { name: `${m}${i}`, distribution: md, condition: { param: name, low: i + 1 } },
                depth + 1,
                `${at}.each.${m}`,
              )
            )
              local.add(`${m}${i}`);
      }
    }
  };
  visit(space, undefined, 'space');
  const byName = (n: string): ParamSpec | undefined => out[index.get(n) ?? -1];
  for (const b of inBranch) {
    let cur = out[b.spec];
    while (cur?.condition && cur.condition.param !== b.param) cur = byName(cur.condition.param);
    const c = cur?.condition;
    if (!(c && 'in' in c && c.in.length === 1 && c.in[0] === b.choice))
      problems.push(
        `${b.at}.when.param: its parent is shared with other branches, so the parameter would be active outside this branch; put it at the top level`,
      );
  }
  if (problems.length > 0) throw new InvalidOptionsError('space', problems);
  flatCache.set(space, out);
  return out;
};

/**
 * Validates a space and returns it, so bad input fails before any work starts.
 *
 * @throws InvalidOptionsError naming each bad field and its value.
 */
export const validateSpace = <S extends SearchSpace>(space: S): S => {
  const p = spaceProblems(space);
  if (p.length > 0) throw new InvalidOptionsError('space', p);
  return space;
};

const byNameCache = new WeakMap<ReadonlyArray<ParamSpec>, ReadonlyMap<string, ParamSpec>>();

/** True if `param` is active in `config`: its condition holds, and its parent's, all the way up. */
export const isActive = (
  params: ReadonlyArray<ParamSpec>,
  spec: ParamSpec,
  config: Readonly<Record<string, unknown>>,
): boolean => {
  let byName = byNameCache.get(params);
  if (!byName) {
    byName = new Map(params.map((q) => [q.name, q]));
    byNameCache.set(params, byName);
  }
  // Iterative: the chain is at most MAX_CONDITION_DEPTH long, but a loop cannot overflow the stack anyway.
  for (let s: ParamSpec | undefined = spec; s?.condition;) {
    const c: Condition = s.condition;
    if (!Object.hasOwn(config, c.param) || !conditionHolds(c, config[c.param])) return false;
    s = byName.get(c.param);
    if (s === undefined) return false;
  }
  return true;
};

/**
 * Problems with a config against its space: missing active parameters, values outside their
 * distribution, and parameters that are unknown or inactive. Empty when valid.
 *
 * @example
 * ```ts
 * configProblems(space, { lr: 5 }); // ['lr: 5 is outside float [0.0001, 0.1] (log)', "missing 'kernel'"]
 * ```
 */
export const configProblems = (space: SearchSpace, config: unknown): string[] => {
  if (typeof config !== 'object' || config === null) return [`config must be an object, got ${show(config)}`];
  const rec = config as Readonly<Record<string, unknown>>;
  const params = flattenSpace(space);
  const p: string[] = [];
  const active = new Set<string>();
  for (const spec of params) {
    if (!isActive(params, spec, rec)) continue;
    active.add(spec.name);
    if (!Object.hasOwn(rec, spec.name)) p.push(`missing ${show(spec.name)}`);
    else if (!contains(spec.distribution, rec[spec.name]))
      p.push(`${spec.name}: ${show(rec[spec.name])} is outside ${describeDistribution(spec.distribution)}`);
  }
  for (const key of Object.keys(rec))
    if (!active.has(key))
      p.push(
        params.some((q) => q.name === key)
          ? `${key}: is not active for this branch`
          : `${key}: is not a parameter of the space`,
      );
  return p;
};

/** A short human description of a distribution, for messages. */
export const describeDistribution = (d: Distribution): string => {
  switch (d._tag) {
    case 'Categorical':
      return `categorical ${show(d.choices)}`;
    case 'Float':
    case 'Int':
      return `${d._tag === 'Float' ? 'float' : 'int'} [${d.low}, ${d.high}]${d.log ? ' (log)' : ''}${d.step !== undefined && !(d._tag === 'Int' && d.step === 1) ? ` step ${d.step}` : ''}`;
  }
};
