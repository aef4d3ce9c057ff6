// The public surface, one API Extractor report per entry point under api/, read from the built
// declarations (run `npm run build` first). `node scripts/api.mjs` fails when a report is out of date;
// `node scripts/api.mjs --update` (`npm run api:update`, which builds first) rewrites the reports.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const update = process.argv.includes('--update');
const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const temp = mkdtempSync(join(tmpdir(), 'rxhpo-api-'));

// Every subpath export with its ESM declarations: `.` → rxhpo.api.md, `./operators` → rxhpo-operators.api.md.
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath, target]) => ({
    report: subpath === '.' ? 'rxhpo' : `rxhpo-${subpath.slice(2)}`,
    // `{ import: { types } , require: { … } }`, or the ESM-only `{ types, import }`.
    dts: join(root, typeof target.import === 'object' ? target.import.types : target.types),
  }));

const prepare = ({ report, dts }) =>
  ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: dts,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          // The declarations were type-checked when they were built; checking TensorFlow.js' again is slow.
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            types: ['node'],
            skipLibCheck: true,
          },
          files: entries.map((e) => e.dts),
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: report,
        reportFolder: join(root, 'api'),
        reportTempFolder: temp,
        includeForgottenExports: false,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        // Release tags (@public, @beta) are not used here. Forgotten exports are mostly types exported by
        // another entry point (`TrialEvent` in rxhpo/operators' signatures), so they are not reported.
        extractorMessageReporting: {
          default: { logLevel: 'warning' },
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: false },
          'ae-internal-missing-underscore': { logLevel: 'none' },
          'ae-unresolved-link': { logLevel: 'none' },
          'ae-undocumented': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });

const stale = [];
mkdirSync(join(root, 'api'), { recursive: true });
try {
  // One TypeScript program for every entry point: building it is most of the time.
  const configs = entries.map((e) => [e.report, prepare(e)]);
  const compilerState = CompilerState.create(configs[0][1], { additionalEntryPoints: entries.map((e) => e.dts) });
  for (const [report, config] of configs) {
    const result = Extractor.invoke(config, {
      localBuild: update,
      compilerState,
      messageCallback: (m) => {
        // Its console notices (versions, "you have changed the API signature") are summed up below instead.
        if (m.category === 'console' && m.logLevel !== ExtractorLogLevel.Error) m.logLevel = ExtractorLogLevel.None;
      },
    });
    if (result.apiReportChanged) stale.push(report);
    if (result.errorCount > 0) {
      console.error(`api: ${report}: ${result.errorCount} error(s) above`);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (stale.length > 0 && !update) {
  console.error(
    `api: the public surface of ${stale.join(', ')} changed without an updated report in api/.\n` +
      'If the change is deliberate, run `npm run api:update` and commit api/.',
  );
  process.exitCode = 1;
} else console.log(update ? `api: ${stale.length} report(s) updated in api/` : 'api: every report in api/ is current');
