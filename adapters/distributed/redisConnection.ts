import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/**
 * Redis could not be reached when a distributed trainer or worker started. The URL is named with its
 * password masked.
 *
 * @example
 * ```ts
 * await distributedTrainer({ redis: 'redis://localhost:1', study: 's' }); // RedisUnavailableError
 * ```
 */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  readonly info: { readonly url: string; readonly cause: string };
  constructor(url: string, cause: string) {
    super(`cannot reach Redis at ${url}: ${cause}`);
    this.info = { url, cause };
  }
}

/**
 * A Redis URL with its password replaced by `***`, for messages and logs.
 *
 * @example
 * ```ts
 * maskRedisUrl('rediss://:s3cret@db:6380/0'); // 'rediss://:***@db:6380/0'
 * ```
 */
export const maskRedisUrl = (url: string): string => url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');

/** Is `url` a `redis://` or `rediss://` (TLS) URL? */
export const isRedisUrl = (url: unknown): url is string => typeof url === 'string' && /^rediss?:\/\/[^/]/.test(url);

/**
 * Opens an ioredis connection to `url` (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS)
 * as BullMQ needs it (`maxRetriesPerRequest: null`), and waits until it is ready. After that, ioredis
 * reconnects by itself when the server goes away.
 *
 * @throws RedisUnavailableError naming the URL when the first connection fails within `timeoutMs`.
 */
export const connectRedis = async (url: string, timeoutMs: number, extra: RedisOptions = {}): Promise<Redis> => {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, ...extra });
  let lastError = 'no answer';
  const onError = (e: Error): void => void (lastError = e.message || e.name);
  redis.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms (${lastError})`)), timeoutMs);
      }),
    ]);
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new RedisUnavailableError(maskRedisUrl(url), e instanceof Error ? e.message || lastError : lastError);
  } finally {
    clearTimeout(timer);
    redis.off('error', onError);
  }
  return redis;
};
