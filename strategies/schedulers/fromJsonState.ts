import { List, Map as IMap, Set as ISet } from 'immutable';

// Policy state must survive a JSON round trip (a journal snapshots it). Immutable collections serialise
// to plain objects and arrays through their `toJSON`; these read either form back, so a policy's `step`
// accepts its live state and `JSON.parse(JSON.stringify(state))` alike. Each is a no-op on live state.

/**
 * An immutable Map, from itself or from its JSON form (an object; `key` turns the keys back).
 *
 * @example
 * ```ts
 * mapFromJson<number, string>({ '1': 'a' }, Number).get(1); // 'a'
 * ```
 */
export const mapFromJson = <K, V>(
  x: IMap<K, V> | unknown,
  key: (k: string) => K,
  value: (v: unknown) => V = (v) => v as V,
): IMap<K, V> =>
  IMap.isMap(x)
    ? (x as IMap<K, V>)
    : IMap(Object.entries((x ?? {}) as Record<string, unknown>).map(([k, v]): [K, V] => [key(k), value(v)]));

/** An immutable Set, from itself or from its JSON form (an array). @example `setFromJson<string>(['a']).has('a')` */
export const setFromJson = <T>(x: ISet<T> | unknown): ISet<T> =>
  ISet.isSet(x) ? (x as ISet<T>) : ISet((x ?? []) as ReadonlyArray<T>);

/** An immutable List, from itself or from its JSON form (an array). @example `listFromJson<number>([1]).get(0)` */
export const listFromJson = <T>(x: List<T> | unknown, value: (v: unknown) => T = (v) => v as T): List<T> =>
  List.isList(x) ? (x as List<T>) : List(((x ?? []) as ReadonlyArray<unknown>).map(value));

/** A string key as itself. */
export const asString = (k: string): string => k;
