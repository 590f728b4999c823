import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisService } from 'src/redis/redis.service';

/** Longer than any sync should take; a crashed holder frees the lock after this. */
const LOCK_TTL_MS = 30 * 60_000;
const POLL_MS = 500;

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One sync at a time across the API, the worker and the CLI (a Redis lock): two concurrent syncs would each apply
 * the same changes and audit them twice.
 */
@Injectable()
export class ScaiKeySyncLock {
  constructor(private readonly redis: RedisService) {}

  /** The lock, or null when another sync still holds it after `waitMs`. */
  async acquire(waitMs: number): Promise<HeldLock | null> {
    const key = this.redis.key('scaikey-sync', 'lock');
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      if ((await this.redis.client.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        return {
          release: async () => {
            await this.redis.client.eval(RELEASE_SCRIPT, 1, key, token);
          },
        };
      }
      if (Date.now() >= deadline) {
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
