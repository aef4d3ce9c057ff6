// `npm run build`: the package's dist/, for ESM and CommonJS consumers.
// 1. tsc emits ES modules and declarations into dist/ (the declarations have @internal stripped).
// 2. esbuild transpiles each emitted .js file, one by one and without bundling, to CommonJS in dist/cjs/,
//    beside a copy of the declarations and a package.json saying `"type": "commonjs"`, so TypeScript reads
//    those declarations as CommonJS. Files stay where they were: workerTrainer still finds its
//    workerRuntime beside itself, and `import.meta.url` becomes the CommonJS file's own URL.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { transformSync } from 'esbuild';

const require = createRequire(import.meta.url);
const DIST = 'dist';
const CJS = join(DIST, 'cjs');

rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

const SELF_URL = '__rxhpoModuleUrl';
let files = 0;
for (const path of walk(DIST)) {
  const out = join(CJS, relative(DIST, path));
  mkdirSync(dirname(out), { recursive: true });
  if (path.endsWith('.d.ts')) copyFileSync(path, out);
  else if (path.endsWith('.js')) {
    const source = readFileSync(path, 'utf8');
    const { code, warnings } = transformSync(source, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: path,
      define: { 'import.meta.url': SELF_URL },
    });
    // esbuild warns when it must empty something CommonJS has no equivalent of (import.meta.dirname, …).
    if (warnings.length > 0) {
      console.error(
        `build: ${path} does not transpile cleanly to CommonJS:`,
        warnings.map((w) => w.text),
      );
      process.exit(1);
    }
    const usesUrl = code.includes(SELF_URL);
    writeFileSync(
      out,
      usesUrl ? `const ${SELF_URL} = require('node:url').pathToFileURL(__filename).href;\n${code}` : code,
    );
    files += 1;
  }
}
writeFileSync(join(CJS, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`build: dist/ (ESM) and dist/cjs/ (CommonJS, ${files} files)`);
