/** A typed array whose memory is a `SharedArrayBuffer`. */
type Typed = Float32Array | Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/**
 * Copies a typed array (or plain numbers, as a Float32Array) into a `SharedArrayBuffer` once. Passed in
 * `workerTrainer({ data })`, every worker then reads the same memory: no copy per worker or per trial.
 * Treat it as read-only; writes are seen by every thread.
 *
 * @example
 * ```ts
 * const images = toShared(Float32Array.from(pixels)); // 31 MB once, for any number of workers
 * workerTrainer(url, { data: { images, labels: toShared(labels) } });
 * ```
 */
export function toShared<T extends Typed>(values: T): T;
/** Plain numbers become a shared Float32Array. @example `toShared([0.1, 0.2])` */
export function toShared(values: ArrayLike<number>): Float32Array;
export function toShared(values: Typed | ArrayLike<number>): Typed {
  const Ctor = (ArrayBuffer.isView(values) ? values.constructor : Float32Array) as {
    new (buffer: SharedArrayBuffer): Typed;
    readonly BYTES_PER_ELEMENT: number;
  };
  const out = new Ctor(new SharedArrayBuffer(values.length * Ctor.BYTES_PER_ELEMENT));
  out.set(values as ArrayLike<number>);
  return out;
}
