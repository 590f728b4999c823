import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from 'src/config/app-config';

/**
 * One shared connection for caches, locks and rate limits. Keys go through `key()` so every deployment (and every
 * test run) lives under its own prefix. BullMQ opens its own connections and uses the same prefix.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = new Redis(config.redis.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectTimeout: 5000,
    });
    // Without a listener ioredis prints every reconnect error; readiness reports the outage instead.
    this.client.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return `${this.config.redis.keyPrefix}${parts.join(':')}`;
  }

  async ping(): Promise<void> {
    const answer = await this.client.ping();
    if (answer !== 'PONG') {
      throw new Error(`unexpected PING answer ${String(answer)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
