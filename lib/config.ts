import type { Choice } from './distribution.js';

/** A configuration: one value per active parameter. Validated against its space at the boundaries. */
export type Config = { readonly [param: string]: number | Choice };

/**
 * A stable key for a config (parameters sorted by name), for de-duplication and grid bookkeeping.
 *
 * @example
 * ```ts
 * configKey({ b: 1, a: 'x' }) === configKey({ a: 'x', b: 1 }); // true
 * ```
 */
export const configKey = (config: Config): string =>
  JSON.stringify(
    Object.keys(config)
      .sort()
      .map((k) => [k, config[k]]),
  );
