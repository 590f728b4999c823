import { Logger } from '@nestjs/common';
import { ZoneLockTimeoutError, ZoneLockUnavailableError } from 'src/powerdns/powerdns.errors';
import { ZoneWriteLock } from 'src/powerdns/zone-write-lock';
import { RedisService } from 'src/redis/redis.service';
import { closedPort } from 'test/powerdns/pdns-stub-server';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn`-like bodies and records how many overlap. */
function overlapTracker() {
  let active = 0;
  const state = { max: 0, order: [] as string[] };
  const body = (label: string, ms: number) => async (): Promise<string> => {
    active++;
    state.max = Math.max(state.max, active);
    state.order.push(`start ${label}`);
    await sleep(ms);
    state.order.push(`end ${label}`);
    active--;
    return label;
  };
  return { state, body };
}

describe('ZoneWriteLock (real Redis)', () => {
  let redis: RedisService;

  beforeAll(() => {
    // A random key prefix per run: nothing here can collide with another run or deployment.
    redis = new RedisService(powerDnsTestConfig());
  });
  afterAll(async () => {
    const keys = await redis.client.keys(redis.key('*'));
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.onApplicationShutdown();
  });
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('should serialise two holders of the same zone in one process', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const { state, body } = overlapTracker();
    const results = await Promise.all([
      lock.runExclusive('same.test.', body('a', 50)),
      lock.runExclusive('same.test.', body('b', 50)),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(state.max).toBe(1);
    expect(state.order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('should serialise holders of the same zone across instances (as two API processes would)', async () => {
    const first = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const second = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const { state, body } = overlapTracker();
    await Promise.all([
      first.runExclusive('cross.test.', body('a', 60)),
      second.runExclusive('cross.test.', body('b', 60)),
      first.runExclusive('cross.test.', body('c', 60)),
      second.runExclusive('cross.test.', body('d', 60)),
    ]);
    expect(state.max).toBe(1);
    expect(state.order.filter((e) => e.startsWith('start'))).toHaveLength(4);
  });

  it('should run different zones in parallel', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const { state, body } = overlapTracker();
    await Promise.all([
      lock.runExclusive('one.test.', body('a', 150)),
      lock.runExclusive('two.test.', body('b', 150)),
    ]);
    expect(state.max).toBe(2);
    expect(state.order.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('should queue local waiters in memory: one SET NX per writer, no polling', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const set = jest.spyOn(redis.client, 'set');
    const { state, body } = overlapTracker();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => lock.runExclusive('queue.test.', body(String(i), 5))),
    );
    expect(state.max).toBe(1);
    expect(state.order.filter((e) => e.startsWith('start'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `start ${i}`),
    );
    expect(set).toHaveBeenCalledTimes(10);
  });

  it('should take over a lock whose holder died once its TTL expires', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000, waitTimeoutMs: 3000 });
    // A holder in another process that crashed: its key just sits there until PX runs out.
    await redis.client.set(lock.keyFor('dead.test.'), 'someone-else', 'PX', 300);
    const started = Date.now();
    const result = await lock.runExclusive('dead.test.', () => Promise.resolve(Date.now() - started));
    expect(result).toBeGreaterThanOrEqual(250);
    expect(result).toBeLessThan(1500);
    expect(await redis.client.get(lock.keyFor('dead.test.'))).toBeNull();
  });

  it('should give up with ZoneLockTimeoutError (503 + Retry-After) after the wait bound', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000, waitTimeoutMs: 200 });
    await redis.client.set(lock.keyFor('busy.test.'), 'someone-else', 'PX', 10_000);
    const started = Date.now();
    const fn = jest.fn(() => Promise.resolve());
    const error = await lock.runExclusive('busy.test.', fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoneLockTimeoutError);
    expect((error as ZoneLockTimeoutError).status).toBe(503);
    expect((error as ZoneLockTimeoutError).detail).toBe('Another change to this zone is in progress');
    expect((error as ZoneLockTimeoutError).headers['Retry-After']).toBe('5');
    expect(fn).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await redis.client.get(lock.keyFor('busy.test.'))).toBe('someone-else');
  });

  it('should not delete a lock that another holder took over after ours expired', async () => {
    const slow = new ZoneWriteLock(redis, { ttlMs: 150, extendEveryMs: 0 });
    const other = new ZoneWriteLock(redis, { ttlMs: 5000 });
    const key = slow.keyFor('takeover.test.');
    const stale = await slow.acquire('takeover.test.');
    await sleep(250); // our lock expires while we still "work"
    const fresh = await other.acquire('takeover.test.');
    expect(fresh.token).not.toBe(stale.token);

    await expect(stale.release()).resolves.toBe(false);
    expect(await redis.client.get(key)).toBe(fresh.token);

    await expect(fresh.release()).resolves.toBe(true);
    expect(await redis.client.get(key)).toBeNull();
  });

  it('should keep extending the lock while a live holder works past the TTL', async () => {
    const holder = new ZoneWriteLock(redis, { ttlMs: 200 }); // extends every ~66 ms
    const contender = new ZoneWriteLock(redis, { ttlMs: 200, waitTimeoutMs: 400 });
    let contenderError: unknown;
    await holder.runExclusive('long.test.', async () => {
      await sleep(50);
      contenderError = await contender
        .runExclusive('long.test.', () => Promise.resolve())
        .catch((e: unknown) => e);
    });
    expect(contenderError).toBeInstanceOf(ZoneLockTimeoutError);
    // and once the holder is done the zone is free again
    await expect(contender.runExclusive('long.test.', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('should release the lock when the work throws', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000 });
    await expect(lock.runExclusive('throws.test.', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await redis.client.get(lock.keyFor('throws.test.'))).toBeNull();
    await expect(lock.runExclusive('throws.test.', () => Promise.resolve(1))).resolves.toBe(1);
  });

  it('should leave the holder and later waiters alone when a waiter in another process gives up', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000, waitTimeoutMs: 2000 });
    const impatient = new ZoneWriteLock(redis, { ttlMs: 5000, waitTimeoutMs: 100 });
    // `impatient` is another process: it polls Redis, gives up, and must not disturb the holder or the next waiter.
    const order: string[] = [];
    const first = lock.runExclusive('chain.test.', async () => {
      order.push('first');
      await sleep(300);
    });
    await sleep(10);
    const gaveUp = impatient
      .runExclusive('chain.test.', () => Promise.resolve(order.push('impatient')))
      .catch((e: unknown) => e);
    const third = lock.runExclusive('chain.test.', () => Promise.resolve(order.push('third')));
    await Promise.all([first, third]);
    expect(await gaveUp).toBeInstanceOf(ZoneLockTimeoutError);
    expect(order).toEqual(['first', 'third']);
  });

  it('should time out a waiter stuck in the in-process queue and still let the next one through', async () => {
    const lock = new ZoneWriteLock(redis, { ttlMs: 5000, waitTimeoutMs: 150 });
    const order: string[] = [];
    const first = lock.runExclusive('local.test.', async () => {
      order.push('first');
      await sleep(100);
    });
    const second = lock.runExclusive('local.test.', async () => {
      order.push('second');
      await sleep(200); // makes the third wait > 150 ms in total
    });
    const third = lock
      .runExclusive('local.test.', () => Promise.resolve(order.push('third')))
      .catch((e: unknown) => e);
    await Promise.all([first, second]);
    expect(await third).toBeInstanceOf(ZoneLockTimeoutError);
    const fourth = await lock.runExclusive('local.test.', () => Promise.resolve('fourth'));
    expect(fourth).toBe('fourth');
    expect(order).toEqual(['first', 'second']);
  });

  it('should fail closed with ZoneLockUnavailableError when Redis is down', async () => {
    const port = await closedPort();
    const downRedis = new RedisService(
      Object.assign(powerDnsTestConfig(), {
        redis: { url: `redis://127.0.0.1:${port}/0`, keyPrefix: 'down:', maxConnections: 1 },
      }),
    );
    try {
      const lock = new ZoneWriteLock(downRedis, { ttlMs: 5000, waitTimeoutMs: 5000 });
      const fn = jest.fn(() => Promise.resolve());
      const error = await lock.runExclusive('down.test.', fn).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZoneLockUnavailableError);
      expect((error as ZoneLockUnavailableError).status).toBe(503);
      expect(fn).not.toHaveBeenCalled();
    } finally {
      downRedis.client.disconnect();
    }
  });
});
