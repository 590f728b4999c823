import { Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { RateLimitService } from 'src/rate-limit/rate-limit.service';
import { RedisRateLimiter } from 'src/rate-limit/redis-rate-limiter';
import { RATE_LIMIT_WINDOW_MS } from 'src/rate-limit/sliding-window';
import { RedisService } from 'src/redis/redis.service';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';
import { Reflector } from '@nestjs/core';
import { RequestContext } from 'src/common/context/request-context';
import { Principal } from 'src/auth/principal';

const W = RATE_LIMIT_WINDOW_MS;

describe('RedisRateLimiter (real Redis)', () => {
  let redis: RedisService;
  let limiter: RedisRateLimiter;

  beforeAll(() => {
    // A random key prefix per run, so nothing here collides with another run.
    redis = new RedisService(powerDnsTestConfig());
    limiter = new RedisRateLimiter(redis);
  });
  afterAll(async () => {
    const keys = await redis.client.keys(redis.key('*'));
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.onApplicationShutdown();
  });

  it('should allow the limit, then refuse without counting refusals', async () => {
    const now = W * 1000 + 20_000;
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await limiter.hit('burst', 3, now + i));
    }
    expect(answers.map((answer) => answer?.allowed)).toEqual([true, true, true, false, false]);
    expect(answers.map((answer) => answer?.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(answers[3]).toMatchObject({ limit: 3, retryAfterSeconds: 40 + 20, resetSeconds: 60 });
    // Refused requests were not counted: the window holds exactly 3.
    expect(await redis.client.get(redis.key('rl', 'burst', String(1000)))).toBe('3');
  });

  it('should keep subjects apart', async () => {
    const now = W * 2000;
    expect((await limiter.hit('a', 1, now))?.allowed).toBe(true);
    expect((await limiter.hit('a', 1, now))?.allowed).toBe(false);
    expect((await limiter.hit('b', 1, now))?.allowed).toBe(true);
  });

  it('should let the previous window slide out', async () => {
    const start = W * 3000;
    for (let i = 0; i < 4; i++) {
      expect((await limiter.hit('slide', 4, start + 50_000 + i))?.allowed).toBe(true);
    }
    // 15 s into the next window, 4 × 45/60 = 3 still count: one more fits, two do not.
    expect((await limiter.hit('slide', 4, start + W + 15_000))?.allowed).toBe(true);
    expect((await limiter.hit('slide', 4, start + W + 15_001))?.allowed).toBe(false);
    // A window later, the one allowed request still counts almost fully (1 + this one)...
    expect((await limiter.hit('slide', 4, start + 2 * W + 1))?.remaining).toBe(2);
    // ...and once a full window has passed with no traffic, only this request counts.
    expect((await limiter.hit('slide', 4, start + 4 * W + 1))?.remaining).toBe(3);
  });

  it('should fail open (null) with a warning when Redis refuses or does not answer', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const stub = (evalsha: () => Promise<unknown>) =>
      new RedisRateLimiter({
        client: { evalsha },
        key: (...parts: string[]) => parts.join(':'),
      } as unknown as RedisService);
    try {
      const refused = stub(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
      expect(await refused.hit('any', 1)).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('letting requests through'));

      // A Redis that hangs costs at most the answer timeout, then the request goes through.
      const hanging = stub(() => new Promise(() => undefined));
      const started = Date.now();
      expect(await hanging.hit('any', 1)).toBeNull();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('RateLimitService subjects', () => {
  const config = { rateLimit: { defaultPerMinute: 600, userPerMinute: 300 } } as unknown as AppConfig;
  const service = new RateLimitService(new Reflector(), {} as RedisRateLimiter, config);
  const principal = (fields: Partial<Principal>): Principal =>
    ({
      type: 'user',
      userId: 'u1',
      subject: 'usr_1',
      apiKeyId: null,
      apiKeyRateLimit: null,
      ...fields,
    }) as Principal;
  const contextOf = (who: Principal | null) => new RequestContext('r', who, null, '192.0.2.1', null);

  it('should count an API key against its own limit, or the default', () => {
    expect(
      service.subjectOf(contextOf(principal({ type: 'api_key', apiKeyId: 'k1', apiKeyRateLimit: 3 }))),
    ).toEqual({
      key: 'key:k1',
      limit: 3,
    });
    expect(service.subjectOf(contextOf(principal({ type: 'api_key', apiKeyId: 'k1' })))).toEqual({
      key: 'key:k1',
      limit: 600,
    });
  });

  it('should count a signed-in user per user, and an anonymous caller per IP', () => {
    expect(service.subjectOf(contextOf(principal({})))).toEqual({ key: 'user:u1', limit: 300 });
    expect(service.subjectOf(contextOf(null))).toEqual({ key: 'ip:192.0.2.1', limit: 600 });
  });
});
