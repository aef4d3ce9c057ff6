import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ is one level below it). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const git = (args: string[]): string | undefined => {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

const cpuModel = (): string => {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) return m[1].trim();
  } catch {
    // not Linux: fall through to os.cpus()
  }
  return cpus()[0]?.model ?? 'unknown';
};

/** Where and when a benchmark ran: what a reader needs to judge its timings. */
export interface BenchMeta {
  readonly machine: {
    readonly cpu_model: string;
    readonly nproc: number;
    readonly platform: string;
    readonly arch: string;
    readonly load_avg_1m: number;
  };
  readonly node: string;
  readonly date: string;
  readonly git_commit: string | undefined;
  /** The shared working tree usually has uncommitted work of others: say so. */
  readonly git_dirty: boolean;
}

/**
 * Collects the machine, Node version, date and git commit for a result file's `meta`.
 *
 * @example
 * ```ts
 * writeFileSync(out, JSON.stringify({ meta: { ...benchMeta(), protocol }, runs }));
 * ```
 */
export const benchMeta = (): BenchMeta => ({
  machine: {
    cpu_model: cpuModel(),
    nproc: cpus().length,
    platform: process.platform,
    arch: process.arch,
    load_avg_1m: loadavg()[0] ?? NaN,
  },
  node: process.version,
  date: new Date().toISOString(),
  git_commit: git(['rev-parse', 'HEAD']),
  git_dirty: (git(['status', '--porcelain']) ?? '').length > 0,
});
