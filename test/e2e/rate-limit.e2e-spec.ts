import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';

describe('Rate limits (e2e)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  const RATE_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];

  beforeAll(async () => {
    // Tiny limits so the tests can reach them: 2/min for anonymous callers and keys without their own limit.
    t = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '2', RATE_LIMIT_USER_PER_MINUTE: '5' });
    alice = await userToken(t.stack, 'alice@acme.test');
    bob = await userToken(t.stack, 'bob@acme.test');
  });

  afterAll(async () => {
    await t.close();
  });

  async function createKey(body: Record<string, unknown>): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/api-keys/')
      .set('Authorization', `Bearer ${alice}`)
      .send({ name: 'limited', permission_source: 'user', ...body })
      .expect(201);
    return response.body.key as string;
  }

  it('should give a key its own limit: 3 × 200, then 429 with Retry-After and the documented body', async () => {
    const key = await createKey({ rate_limit: 3 });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await t.http().get('/api/v1/auth/me').set('X-API-Key', key).expect(200);
      expect(ok.headers['ratelimit-limit']).toBe('3');
      remaining.push(ok.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await t.http().get('/api/v1/auth/me').set('X-API-Key', key).expect(429);
    expect(refused.body).toEqual({ detail: 'Rate limit exceeded: 3 requests per minute' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe(refused.headers['retry-after']);

    // Refusals are not counted, but they do not let anything through either.
    await t.http().get('/api/v1/auth/me').set('X-API-Key', key).expect(429);
  });

  it('should limit a key without its own limit to the platform default, independently of other keys', async () => {
    const first = await createKey({});
    const second = await createKey({});
    await t.http().get('/api/v1/auth/me').set('X-API-Key', first).expect(200);
    await t.http().get('/api/v1/auth/me').set('X-API-Key', first).expect(200);
    const refused = await t.http().get('/api/v1/auth/me').set('X-API-Key', first).expect(429);
    expect(refused.body).toEqual({ detail: 'Rate limit exceeded: 2 requests per minute' });
    const other = await t.http().get('/api/v1/auth/me').set('X-API-Key', second).expect(200);
    expect(other.headers['ratelimit-limit']).toBe('2');
  });

  it('should limit signed-in users per user', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push((await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${bob}`)).status);
    }
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('should never limit the health probes, even far beyond the default limit', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await t.http().get('/health/live').expect(200);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    }
    await t.http().get('/metrics').expect(200);
  });

  it('should limit anonymous callers of public routes per IP, with the headers on every answer', async () => {
    const first = await t.http().get('/api/v1/auth/config').expect(200);
    for (const header of RATE_HEADERS) {
      expect(first.headers[header]).toMatch(/^\d+$/);
    }
    expect(first.headers['ratelimit-limit']).toBe('2');
    await t.http().get('/api/v1/auth/config').expect(200);
    const refused = await t.http().get('/api/v1/auth/config').expect(429);
    expect(refused.body).toEqual({ detail: 'Rate limit exceeded: 2 requests per minute' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The health probe from the same IP is still answered.
    await t.http().get('/health/ready').expect(200);
  });
});
