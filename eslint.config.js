// @ts-check
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
  { files: ['operators/**/*.ts'], rules: { ...noClockNoRandom } },
  {
    files: ['strategies/**/*.ts'],
    rules: {
      ...noClockNoRandom,
      ...noTimers,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['rxjs', 'rxjs/*'], message: 'strategies/ is pure: no rxjs.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
