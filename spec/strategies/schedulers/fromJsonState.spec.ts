import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { asString, listFromJson, mapFromJson, setFromJson } from '../../../strategies/schedulers/fromJsonState.js';

const trip = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('fromJsonState', () => {
  it('live collections pass through as the same object', () => {
    const m = IMap([[1, 'a']]);
    const s = ISet(['a']);
    const l = List([1]);
    assert.equal(mapFromJson(m, Number), m);
    assert.equal(setFromJson(s), s);
    assert.equal(listFromJson(l), l);
  });

  it('the JSON form reads back equal, numeric keys as numbers', () => {
    const m = IMap<number, string>([
      [2, 'b'],
      [10, 'j'],
    ]);
    assert.ok(mapFromJson<number, string>(trip(m), Number).equals(m));
    const byId = IMap<string, number>([['7', 1]]);
    assert.ok(mapFromJson<string, number>(trip(byId), asString).equals(byId));
    assert.ok(setFromJson<string>(trip(ISet(['x', 'y']))).equals(ISet(['x', 'y'])));
    assert.ok(listFromJson<number>(trip(List([3, 1, 2]))).equals(List([3, 1, 2])));
  });

  it('values are read back with the given function (nested collections)', () => {
    const nested = IMap<string, ISet<string>>([['r', ISet(['a'])]]);
    const back = mapFromJson<string, ISet<string>>(trip(nested), asString, (v) => setFromJson<string>(v));
    assert.ok(back.get('r')?.has('a'));
  });
});
