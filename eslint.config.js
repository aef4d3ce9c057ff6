// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noClockNoRandom = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded RNG state from lib/rng.ts.' },
    { object: 'Date', property: 'now', message: 'Use the injected SchedulerLike (scheduler.now()).' },
    { object: 'performance', property: 'now', message: 'Use the injected SchedulerLike (scheduler.now()).' },
  ],
};
const noTimers = {
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Pure code has no clock.' },
    { name: 'setInterval', message: 'Pure code has no clock.' },
    { name: 'setImmediate', message: 'Pure code has no clock.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'Pure code has no clock.' },
  ],
};

// lib/, operators/ and strategies/ are the browser-safe entries: Node-only code lives in adapters/.
const NODE_ONLY = 'Node-only module: lib/, operators/ and strategies/ also run in browsers (use adapters/).';
const noNodeImports = (/** @type {Array<{ group: string[], message: string }>} */ morePatterns = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: NODE_ONLY })),
      patterns: [{ group: ['node:*'], message: NODE_ONLY }, ...morePatterns],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['lib/**/*.ts', 'operators/**/*.ts'], rules: { ...noClockNoRandom, ...noNodeImports() } },
  {
    files: ['strategies/**/*.ts'],
    rules: {
      ...noClockNoRandom,
      ...noTimers,
      ...noNodeImports([{ group: ['rxjs', 'rxjs/*'], message: 'strategies/ is pure: no rxjs.' }]),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
