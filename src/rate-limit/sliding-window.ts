/**
 * Sliding-window rate limiting approximated with two fixed windows (Cloudflare's "sliding window counter"): the
 * count of the last 60 s is estimated as `previous × (share of the previous window still inside the last 60 s) +
 * current`. It needs two counters per subject instead of one entry per request, and is exact whenever traffic is
 * evenly spread over the previous window. All arithmetic is done in integers (milliseconds), so the Lua script and
 * this file agree to the request.
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export interface WindowPosition {
  /** Number of the fixed window `now` falls in (names the Redis counter). */
  index: number;
  /** Milliseconds left until that window ends. */
  remainingMs: number;
}

export function windowPosition(nowMs: number, windowMs = RATE_LIMIT_WINDOW_MS): WindowPosition {
  const index = Math.floor(nowMs / windowMs);
  return { index, remainingMs: (index + 1) * windowMs - nowMs };
}

/**
 * One more request fits when `previous × remaining/W + current + 1 ≤ limit`, multiplied out by W to stay in
 * integers. The Lua script (redis-rate-limiter.ts) evaluates exactly this expression.
 */
export function admits(
  previous: number,
  current: number,
  limit: number,
  remainingMs: number,
  windowMs = RATE_LIMIT_WINDOW_MS,
): boolean {
  return previous * remainingMs + (current + 1) * windowMs <= limit * windowMs;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed right now (after this one, when it was allowed). */
  remaining: number;
  /** Seconds until the current window ends; when refused, the same as retryAfterSeconds. */
  resetSeconds: number;
  /** When refused: seconds until one more request would fit if no other arrives. 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * The answer for one request, from the counters the script returned: `current` includes this request when it was
 * allowed, and excludes it when it was refused (refused requests are not counted).
 */
export function decide(
  allowed: boolean,
  previous: number,
  current: number,
  limit: number,
  remainingMs: number,
  windowMs = RATE_LIMIT_WINDOW_MS,
): RateLimitDecision {
  const windowSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
  if (allowed) {
    const remaining = Math.floor((limit * windowMs - previous * remainingMs - current * windowMs) / windowMs);
    return {
      allowed,
      limit,
      remaining: Math.max(0, remaining),
      resetSeconds: windowSeconds,
      retryAfterSeconds: 0,
    };
  }
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil(waitMs(previous, current, limit, remainingMs, windowMs) / 1000),
  );
  return { allowed, limit, remaining: 0, resetSeconds: retryAfterSeconds, retryAfterSeconds };
}

/** How long until `admits` turns true with no further traffic (the previous window's weight only shrinks). */
function waitMs(
  previous: number,
  current: number,
  limit: number,
  remainingMs: number,
  windowMs: number,
): number {
  if (current + 1 <= limit && previous > 0) {
    // Still in this window: wait until previous × remaining' ≤ (limit − current − 1) × W.
    return Math.max(0, remainingMs - ((limit - current - 1) * windowMs) / previous);
  }
  // This window alone is full: after it ends its count becomes the "previous" one and has to decay to limit − 1.
  const intoNext = current > 0 ? Math.max(0, windowMs - ((limit - 1) * windowMs) / current) : 0;
  return remainingMs + intoNext;
}
