import { createHash } from 'node:crypto';
import Redis from 'ioredis';

/**
 * A Lua script run with EVALSHA, falling back to EVAL (which also loads it) the first time or after a Redis
 * restart. One round trip in the common case, and the script text is not resent with every call.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return client.eval(this.lua, keys.length, ...keys, ...args);
      }
      throw error;
    }
  }
}
