/**
 * A persistent append-only sequence: each value is a view of the first `size` items of a shared array.
 * Appending to the newest view is O(1) and leaves older views unchanged; appending to an older view
 * copies first (copy-on-branch), so every view stays immutable however it is used. This is what keeps
 * `reduceStudy` incremental without copying history per event.
 */
export class AppendLog<T> implements Iterable<T> {
  private constructor(
    private readonly items: T[],
    readonly size: number,
  ) {}

  /** The empty log. */
  static empty<T>(): AppendLog<T> {
    return new AppendLog<T>([], 0);
  }

  /** A new view with `item` appended. */
  append(item: T): AppendLog<T> {
    const items = this.items.length === this.size ? this.items : this.items.slice(0, this.size);
    items.push(item);
    return new AppendLog(items, this.size + 1);
  }

  /** The item at `index`, or undefined outside the view. */
  at(index: number): T | undefined {
    return index >= 0 && index < this.size ? this.items[index] : undefined;
  }

  /** Items from `from` (inclusive) to the end of this view: what a cursor-based consumer has not seen. */
  since(from: number): T[] {
    return this.items.slice(Math.max(0, from), this.size);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[i] as T;
  }
}
