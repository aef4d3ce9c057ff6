/**
 * Runs a bench entry point: a bad flag, a bad problem file or an unavailable sampler prints its named
 * error in one line (`InvalidOptionsError: samplers: …`) and exits 1, without a stack trace to dig through.
 *
 * @example
 * ```ts
 * runCli(async () => { ... });
 * ```
 */
export const runCli = (main: () => void | Promise<void>): void => {
  const fail = (e: unknown): void => {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    if (process.env['BENCH_DEBUG'] && e instanceof Error) console.error(e.stack);
    process.exitCode = 1;
  };
  try {
    const r = main();
    if (r instanceof Promise) r.catch(fail);
  } catch (e) {
    fail(e);
  }
};
