import { RATE_LIMIT_WINDOW_MS, admits, decide, windowPosition } from 'src/rate-limit/sliding-window';

const W = RATE_LIMIT_WINDOW_MS;

/** Plays a sequence of request times through the same math the Lua script uses; returns which were allowed. */
function simulate(limit: number, times: number[]): boolean[] {
  const counters = new Map<number, number>();
  return times.map((now) => {
    const { index, remainingMs } = windowPosition(now);
    const previous = counters.get(index - 1) ?? 0;
    const current = counters.get(index) ?? 0;
    const allowed = admits(previous, current, limit, remainingMs);
    if (allowed) {
      counters.set(index, current + 1);
    }
    return allowed;
  });
}

describe('sliding window math', () => {
  it('should place a time in its fixed window and say how much of it is left', () => {
    expect(windowPosition(0)).toEqual({ index: 0, remainingMs: W });
    expect(windowPosition(W - 1)).toEqual({ index: 0, remainingMs: 1 });
    expect(windowPosition(W * 5 + 15_000)).toEqual({ index: 5, remainingMs: 45_000 });
  });

  it('should allow exactly `limit` requests in a burst, then refuse', () => {
    const start = W * 10 + 1000;
    expect(simulate(3, [start, start + 1, start + 2, start + 3, start + 4])).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('should weigh the previous window by how much of it is still inside the last 60 s', () => {
    // 10 requests filled the previous window; 30 s into this one, half of them still count (5 of 10).
    expect(admits(10, 0, 10, W / 2)).toBe(true);
    expect(admits(10, 4, 10, W / 2)).toBe(true); // 5 + 4 + 1 = 10
    expect(admits(10, 5, 10, W / 2)).toBe(false); // 5 + 5 + 1 = 11
    // At the very start of a window the previous one counts in full.
    expect(admits(10, 0, 10, W)).toBe(false);
    // Just before the end it barely counts: a sliver of it is still enough to refuse the 10th request...
    expect(admits(10, 9, 10, 1)).toBe(false);
    // ...but not the 9th.
    expect(admits(10, 8, 10, 1)).toBe(true);
  });

  it('should not let a client double its rate at a window boundary, unlike a fixed window', () => {
    const limit = 10;
    const endOfWindow = Array.from({ length: limit }, (_, i) => W * 3 - 100 + i);
    const startOfNext = Array.from({ length: limit }, (_, i) => W * 3 + 1 + i);
    const results = simulate(limit, [...endOfWindow, ...startOfNext]);
    expect(results.slice(0, limit).every(Boolean)).toBe(true);
    expect(results.slice(limit).filter(Boolean).length).toBe(0);
  });

  it('should count remaining requests after an allowed one, never below zero', () => {
    expect(decide(true, 0, 1, 3, 30_000)).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      resetSeconds: 30,
      retryAfterSeconds: 0,
    });
    expect(decide(true, 0, 3, 3, 30_000).remaining).toBe(0);
    // previous 4 × half = 2 still counted, plus 1 now: 10 − 3 = 7.
    expect(decide(true, 4, 1, 10, W / 2).remaining).toBe(7);
  });

  it('should send a refused client to the next window when this one alone is full', () => {
    // 3 of 3 used, 20 s left; next window: previous=3 must decay to 2 → one third of the window (20 s) in.
    const decision = decide(false, 0, 3, 3, 20_000);
    expect(decision).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 40,
      retryAfterSeconds: 40,
    });
  });

  it('should wait only for the previous window to decay when that is what blocks', () => {
    // previous 10, current 0, limit 10, 45 s left: 10 × 45/60 = 7.5 counted, + 1 fits.
    expect(admits(10, 0, 10, 45_000)).toBe(true);
    // previous 10, current 5, limit 10, 45 s left: need 10 × r ≤ 4 × 60 s → r ≤ 24 s → wait 21 s.
    expect(admits(10, 5, 10, 45_000)).toBe(false);
    expect(decide(false, 10, 5, 10, 45_000).retryAfterSeconds).toBe(21);
  });

  it('should make Retry-After long enough that the next request after it is admitted', () => {
    for (const [previous, current, limit, remainingMs] of [
      [0, 3, 3, 20_000],
      [10, 5, 10, 45_000],
      [7, 2, 5, 59_999],
      [100, 100, 100, 1],
    ]) {
      const { retryAfterSeconds } = decide(false, previous, current, limit, remainingMs);
      const later = W - remainingMs + retryAfterSeconds * 1000;
      const position = windowPosition(W * 7 + later);
      const [prev, cur] =
        position.index === 7 ? [previous, current] : position.index === 8 ? [current, 0] : [0, 0];
      expect(admits(prev, cur, limit, position.remainingMs)).toBe(true);
      // ...and not much sooner: one second earlier it still would not have fitted.
      const earlier = windowPosition(W * 7 + later - 1000);
      const [prev2, cur2] =
        earlier.index === 7 ? [previous, current] : earlier.index === 8 ? [current, 0] : [0, 0];
      expect(admits(prev2, cur2, limit, earlier.remainingMs)).toBe(false);
    }
  });
});
