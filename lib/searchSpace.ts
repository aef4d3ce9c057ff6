import type { CategoricalDistribution, Choice, Distribution } from './distribution.js';
import { choiceProblems, contains, numericProblems, sameDistribution } from './distribution.js';
import { InvalidOptionsError, show } from './errors.js';

/**
 * A search space: named distributions. A categorical with `branches` makes it conditional.
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
type IsBranching<D> =
  D extends CategoricalDistribution<infer _C, infer B> ? ([keyof B] extends [never] ? false : true) : false;
type BranchKeys<S> = { [K in keyof S]: IsBranching<S[K]> extends true ? K : never }[keyof S];
type Simplify<T> = T extends unknown ? { readonly [K in keyof T]: T[K] } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type BranchOf<K extends PropertyKey, D> =
  D extends CategoricalDistribution<infer C, infer B>
    ? C extends Choice
      ? { readonly [P in K]: C } & (`${C}` extends keyof B
          ? NonNullable<B[`${C}`]> extends SearchSpace
            ? ConfigOf<NonNullable<B[`${C}`]>>
            : unknown
          : unknown)
      : never
    : never;
type Branches<S extends SearchSpace> = [BranchKeys<S>] extends [never]
  ? unknown
  : UnionToIntersection<{ [K in BranchKeys<S>]: { box: BranchOf<K, S[K]> } }[BranchKeys<S>]> extends { box: infer X }
    ? X
    : never;

/**
 * The config type a space produces: numbers for float/int, the literal choices for categoricals, and
 * a discriminated union for conditional branches.
 */
export type ConfigOf<S extends SearchSpace> = Simplify<
  { readonly [K in keyof S as IsBranching<S[K]> extends true ? never : K]: ValueOf<S[K]> } & Branches<S>
>;

/** A parameter of a flattened space, in suggestion order, with the condition that activates it. */
export interface ParamSpec {
  readonly name: string;
  readonly distribution: Distribution;
  /** Absent for top-level parameters: active iff `parent` is active and its value is in `in`. */
  readonly condition?: { readonly param: string; readonly in: ReadonlyArray<Choice> };
}

/** Problems with a space (recursing into branches), each prefixed with the path to the field. */
export const spaceProblems = (space: unknown, path = 'space'): string[] => {
  if (typeof space !== 'object' || space === null || Array.isArray(space))
    return [`${path} must be an object of distributions, got ${show(space)}`];
  const entries = Object.entries(space);
  if (path === 'space' && entries.length === 0) return [`${path} must have at least one parameter`];
  const p: string[] = [];
  for (const [name, d] of entries) {
    const at = `${path}.${name}`;
    if (name.length === 0) p.push(`${path} has an empty parameter name`);
    if (typeof d !== 'object' || d === null || !('_tag' in d)) {
      p.push(`${at} must be a distribution made by float(), int() or categorical(), got ${show(d)}`);
      continue;
    }
    const dist = d as Distribution;
    if (dist._tag === 'Float' || dist._tag === 'Int') p.push(...numericProblems(dist).map((m) => `${at}: ${m}`));
    else if (dist._tag === 'Categorical') {
      p.push(...choiceProblems(dist.choices).map((m) => `${at}: ${m}`));
      for (const [choice, sub] of Object.entries(dist.branches ?? {})) {
        if (!dist.choices.some((c) => String(c) === choice))
          p.push(`${at}.branches has a key ${show(choice)} that is not one of the choices`);
        p.push(...spaceProblems(sub, `${at}.branches.${choice}`));
      }
    } else p.push(`${at} has an unknown distribution tag ${show((d as { _tag: unknown })._tag)}`);
  }
  return p;
};

const flatCache = new WeakMap<SearchSpace, ReadonlyArray<ParamSpec>>();

/**
 * The parameters of a space in suggestion order (a branch's parameters right after the categorical
 * that activates them). A parameter may appear in several branches of the same categorical if its
 * distribution is identical; it is then active for each of those choices.
 *
 * @example
 * ```ts
 * flattenSpace(space).map((p) => p.name); // ['lr', 'kernel', 'gamma']
 * ```
 */
export const flattenSpace = (space: SearchSpace): ReadonlyArray<ParamSpec> => {
  const cached = flatCache.get(space);
  if (cached) return cached;
  const out: ParamSpec[] = [];
  const index = new Map<string, number>();
  const visit = (sub: SearchSpace, parent: { param: string; choice: Choice } | undefined, path: string): void => {
    for (const [name, d] of Object.entries(sub)) {
      const seen = index.get(name);
      if (seen !== undefined) {
        const prev = out[seen] as ParamSpec;
        if (
          !parent ||
          !prev.condition ||
          prev.condition.param !== parent.param ||
          !sameDistribution(prev.distribution, d)
        )
          throw new InvalidOptionsError('space', [
            `${path}.${name}: parameter name ${show(name)} is used twice; a name may repeat only in sibling branches with the same distribution`,
          ]);
        out[seen] = { ...prev, condition: { param: parent.param, in: [...prev.condition.in, parent.choice] } };
        continue;
      }
      index.set(name, out.length);
      out.push(
        parent
          ? { name, distribution: d, condition: { param: parent.param, in: [parent.choice] } }
          : { name, distribution: d },
      );
      if (d._tag === 'Categorical')
        for (const choice of d.choices) {
          const branch = d.branches[String(choice)];
          if (branch) visit(branch, { param: name, choice }, `${path}.${name}.branches.${String(choice)}`);
        }
    }
  };
  visit(space, undefined, 'space');
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
  flattenSpace(space);
  return space;
};

/** True if `param` is active in `config` (its activating choices were taken all the way up). */
export const isActive = (
  params: ReadonlyArray<ParamSpec>,
  spec: ParamSpec,
  config: Readonly<Record<string, unknown>>,
): boolean => {
  const c = spec.condition;
  if (!c) return true;
  const parent = params.find((q) => q.name === c.param);
  return parent !== undefined && isActive(params, parent, config) && c.in.some((v) => v === config[c.param]);
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
    if (!(spec.name in rec)) p.push(`missing ${show(spec.name)}`);
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
