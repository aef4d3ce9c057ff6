// Runs every spec with node:test. Node 20 has no globs in `--test`, and without an explicit file
// list it silently runs zero .ts tests, so the list is built here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.spec.ts') ? [path] : [];
  });
const only = process.argv.slice(2);
const files = (only.length > 0 ? only : [...walk('spec'), ...walk('examples')]).sort();
if (files.length === 0) {
  console.error('no spec files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
