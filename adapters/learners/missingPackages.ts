import { createRequire } from 'node:module';

/**
 * The packages of `names` that do not resolve from here, checked without loading them (so without
 * starting TensorFlow.js or a WebAssembly module) and without throwing. A package that is installed but
 * exports no root entry (only subpaths) counts as installed.
 *
 * @example
 * ```ts
 * missingPackages(['ml-knn', 'libsvm-js']); // [] when both are installed, ['ml-knn'] when only libsvm-js is
 * ```
 */
export const missingPackages = (names: ReadonlyArray<string>): string[] => {
  const require = createRequire(import.meta.url);
  return names.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch (e) {
      return (e as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    }
  });
};
