/**
 * One line per option a factory does not know (a typo such as `reduction_factor` would otherwise be
 * silently ignored and the default used).
 *
 * @example
 * ```ts
 * unknownOptionProblems({ maxstep: 9 }, ['minStep', 'maxStep']); // ['unknown option maxstep (known: minStep, maxStep)']
 * ```
 */
export const unknownOptionProblems = (options: object, known: ReadonlyArray<string>): string[] =>
  Object.keys(options)
    .filter((k) => !known.includes(k))
    .map((k) => `unknown option ${k} (known: ${known.join(', ')})`);
