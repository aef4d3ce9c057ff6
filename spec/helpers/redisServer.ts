// A Redis server for the distributed specs: the one CI started (RXHPO_TEST_REDIS_URL), or a private
// redis-server on a free loopback port when the binary is installed, or none (the specs then skip,
// saying why).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, createConnection } from 'node:net';

export interface TestRedis {
  readonly url: string;
  /** Restarts a private server on the same port (not possible with CI's: undefined then). */
  readonly restart?: (downMs: number) => Promise<void>;
  readonly stop: () => Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' }, () => c.write('PING\r\n'));
    c.on('data', (d) => {
      c.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    c.on('error', () => resolve(false));
  });

const waitUp = async (port: number): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if (await answers(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer`);
};

/** The redis-server binary, if installed. */
export const redisServerBinary = (): string | undefined => {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path !== '' ? path : undefined;
};

/** Why the distributed specs skip, or undefined when they can run. */
export const redisSkipReason = (): string | undefined =>
  process.env['RXHPO_TEST_REDIS_URL'] || redisServerBinary()
    ? undefined
    : 'redis-server is not installed (apt-get install redis-server) and RXHPO_TEST_REDIS_URL is not set';

/** Starts (or borrows) a Redis server for a spec file. */
export const startTestRedis = async (): Promise<TestRedis> => {
  const given = process.env['RXHPO_TEST_REDIS_URL'];
  if (given) return { url: given, stop: async () => undefined };
  const bin = redisServerBinary();
  if (!bin) throw new Error(redisSkipReason());
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    proc = spawn(bin, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitUp(port);
  };
  const kill = async (): Promise<void> => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async (downMs) => {
      await kill();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    stop: kill,
  };
};
