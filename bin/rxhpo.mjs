#!/usr/bin/env node
// Launches the rxhpo command: from the TypeScript sources when they are here (this repository, run
// through tsx), otherwise from the built package (dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'cli', 'rxhpo.ts');
let entry = join(root, 'dist', 'cli', 'rxhpo.js');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
