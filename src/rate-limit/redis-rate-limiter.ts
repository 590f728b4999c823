import { Injectable, Logger } from '@nestjs/common';
import { RedisScript } from 'src/rate-limit/redis-script';
import {
  RATE_LIMIT_WINDOW_MS,
  RateLimitDecision,
  decide,
  windowPosition,
} from 'src/rate-limit/sliding-window';
import { RedisService } from 'src/redis/redis.service';

/**
 * Checks and counts one request atomically: reads both window counters, and increments the current one only when
 * the request is admitted (refused requests do not push the window further). KEYS: current, previous counter.
 * ARGV: limit, window ms, ms left in the current window. Same integer test as `admits` in sliding-window.ts.
 */
const HIT_SCRIPT = new RedisScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local left = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * left + (current + 1) * window <= limit * window then
  current = redis.call('INCR', KEYS[1])
  if current == 1 then redis.call('PEXPIRE', KEYS[1], window * 2) end
  return {1, current, previous}
end
return {0, current, previous}`);

/** A limiter that cannot answer within this time lets the request through rather than slow every request down. */
const ANSWER_TIMEOUT_MS = 250;
const WARN_EVERY_MS = 60_000;

/** Redis-backed sliding-window limiter: one script call (one round trip) per request. */
@Injectable()
export class RedisRateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private lastWarning = 0;

  constructor(private readonly redis: RedisService) {}

  /**
   * Counts one request of `subject` against `limit` per minute. Returns null when Redis fails or is slow: the
   * caller then lets the request through (fail open) — an outage of the limiter must not become an outage of DNS
   * management; a warning is logged at most once a minute.
   */
  async hit(subject: string, limit: number, nowMs = Date.now()): Promise<RateLimitDecision | null> {
    const { index, remainingMs } = windowPosition(nowMs);
    const keys = [
      this.redis.key('rl', subject, String(index)),
      this.redis.key('rl', subject, String(index - 1)),
    ];
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        HIT_SCRIPT.run(this.redis.client, keys, [limit, RATE_LIMIT_WINDOW_MS, remainingMs]),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
            ANSWER_TIMEOUT_MS,
          );
        }),
      ]);
      const [allowed, current, previous] = (answer as number[]).map(Number);
      return decide(allowed === 1, previous, current, limit, remainingMs);
    } catch (error) {
      this.warn(`rate limiter unavailable, letting requests through: ${String(error)}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning >= WARN_EVERY_MS) {
      this.lastWarning = now;
      this.logger.warn(message);
    }
  }
}
