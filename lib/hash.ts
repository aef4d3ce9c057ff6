/**
 * MurmurHash3's 32-bit finaliser: spreads nearby integers over the whole uint32 range.
 *
 * @example
 * ```ts
 * fmix32(1); // 1364076727
 * ```
 */
export const fmix32 = (h0: number): number => {
  let h = h0 >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * A uint32 hash of a string: FNV-1a over its UTF-16 code units, then {@link fmix32}, so labels that
 * differ in one character land far apart.
 *
 * @example
 * ```ts
 * hashString('hyperband/7'); // a fixed uint32
 * ```
 */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
};
