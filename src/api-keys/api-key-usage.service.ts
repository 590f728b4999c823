import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeysRepository } from 'src/api-keys/api-keys.repository';
import { MetricsService } from 'src/metrics/metrics.service';
import { RedisScript } from 'src/rate-limit/redis-script';
import { RedisService } from 'src/redis/redis.service';

/** Usage counted in Redis and not yet written to MariaDB. */
export interface PendingUsage {
  count: number;
  lastUsedAt: Date;
  lastUsedIp: string | null;
}

export const USAGE_FLUSH_INTERVAL_MS = 10_000;
/** Longer than any sane flush; a crashed flusher's lock frees itself after this. */
const FLUSH_LOCK_TTL_MS = 60_000;
const WARN_EVERY_MS = 60_000;

/**
 * Adds `ARGV[2]` uses to a key's counters; `at`/`ip` only move forward in time. Also marks the key dirty so the
 * flusher finds it. Used for every use (count 1) and to put a batch back when its database write failed.
 */
const ADD_SCRIPT = new RedisScript(`
redis.call('HINCRBY', KEYS[1], 'count', ARGV[2])
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or '0')
if tonumber(ARGV[3]) >= at then redis.call('HSET', KEYS[1], 'at', ARGV[3], 'ip', ARGV[4]) end
redis.call('SADD', KEYS[2], ARGV[1])
return 1`);

/** Reads and clears a key's counters and its dirty mark in one step, so no use between the two is lost. */
const TAKE_SCRIPT = new RedisScript(`
local values = redis.call('HMGET', KEYS[1], 'count', 'at', 'ip')
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return values`);

const RELEASE_SCRIPT = new RedisScript(
  `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`,
);

/**
 * `use_count`, `last_used_at` and `last_used_ip` without a database write per request: each use is one Redis
 * round trip (fire-and-forget, it never delays or fails the request), and every 10 s one instance — the one that
 * wins a Redis lock — moves the counters to MariaDB. The process flushes once more on shutdown. Reads merge the
 * counters that are still in Redis, so users always see fresh numbers.
 */
@Injectable()
export class ApiKeyUsageService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiKeyUsageService.name);
  private timer: NodeJS.Timeout | null = null;
  private lastWarning = 0;

  constructor(
    private readonly redis: RedisService,
    private readonly keys: ApiKeysRepository,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flushQuietly(), USAGE_FLUSH_INTERVAL_MS);
    // Never keep a CLI command alive just for this.
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await this.flushQuietly();
  }

  /** Counts one authenticated use. Does not wait for Redis; a Redis failure only loses this count. */
  record(keyId: string, ip: string | null): void {
    this.metrics.apiKeyUsage.inc({ key_id: keyId });
    ADD_SCRIPT.run(
      this.redis.client,
      [this.hashKey(keyId), this.dirtyKey()],
      [keyId, 1, Date.now(), ip ?? ''],
    ).catch((error: unknown) => this.warn(`could not count an API key use: ${String(error)}`));
  }

  /** Counters not yet flushed, for the given keys (missing ids have none). Empty when Redis is unreachable. */
  async pending(keyIds: string[]): Promise<Map<string, PendingUsage>> {
    const result = new Map<string, PendingUsage>();
    if (keyIds.length === 0) {
      return result;
    }
    try {
      const pipeline = this.redis.client.pipeline();
      keyIds.forEach((id) => pipeline.hmget(this.hashKey(id), 'count', 'at', 'ip'));
      const answers = (await pipeline.exec()) ?? [];
      answers.forEach(([error, values], index) => {
        const usage = error ? null : parseUsage(values);
        if (usage) {
          result.set(keyIds[index], usage);
        }
      });
    } catch (error) {
      this.warn(`could not read unflushed API key usage: ${String(error)}`);
    }
    return result;
  }

  /**
   * Moves every dirty key's counters to MariaDB. Returns how many keys were written; 0 when another instance holds
   * the flush lock. A batch whose write fails goes back to Redis for the next round.
   */
  async flush(): Promise<number> {
    const client = this.redis.client;
    const lockKey = this.redis.key('api-key-usage', 'flush-lock');
    const token = randomUUID();
    if ((await client.set(lockKey, token, 'PX', FLUSH_LOCK_TTL_MS, 'NX')) !== 'OK') {
      return 0;
    }
    let written = 0;
    try {
      for (const keyId of await client.smembers(this.dirtyKey())) {
        const usage = parseUsage(
          await TAKE_SCRIPT.run(client, [this.hashKey(keyId), this.dirtyKey()], [keyId]),
        );
        if (!usage) {
          continue;
        }
        try {
          await this.keys.addUsage(keyId, usage.count, usage.lastUsedAt, usage.lastUsedIp);
          written++;
        } catch (error) {
          await ADD_SCRIPT.run(
            client,
            [this.hashKey(keyId), this.dirtyKey()],
            [keyId, usage.count, usage.lastUsedAt.getTime(), usage.lastUsedIp ?? ''],
          );
          throw error;
        }
      }
    } finally {
      await RELEASE_SCRIPT.run(client, [lockKey], [token]);
    }
    return written;
  }

  private async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      this.warn(`API key usage flush failed, will retry: ${String(error)}`);
    }
  }

  private hashKey(keyId: string): string {
    return this.redis.key('api-key-usage', keyId);
  }

  private dirtyKey(): string {
    return this.redis.key('api-key-usage', 'dirty');
  }

  /** At most one warning a minute: an outage must not turn into one log line per request. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning >= WARN_EVERY_MS) {
      this.lastWarning = now;
      this.logger.warn(message);
    }
  }
}

function parseUsage(values: unknown): PendingUsage | null {
  if (!Array.isArray(values)) {
    return null;
  }
  const [count, at, ip] = values as (string | null)[];
  const parsed = Number(count ?? 0);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    return null;
  }
  return { count: parsed, lastUsedAt: new Date(Number(at ?? 0)), lastUsedIp: ip ? ip : null };
}
