/**
 * This library's version, the one in its package.json (a spec keeps the two equal). A constant rather
 * than a read of package.json, so the core stays free of I/O and bundles keep it.
 *
 * @example
 * ```ts
 * console.log(`running rxhpo ${VERSION}`);
 * ```
 */
export const VERSION = '0.1.0';

/**
 * The library as a journal header names it (`library`): name and version, e.g. `rxhpo 0.1.0`, so a
 * reader can tell which release wrote a journal.
 *
 * @example
 * ```ts
 * journalHeader(started, { library: LIBRARY }); // the default
 * ```
 */
export const LIBRARY = `rxhpo ${VERSION}`;
