import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, createTestApp } from 'test/utils/test-app';

describe('Foundation (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should answer liveness without credentials', async () => {
    const response = await t.http().get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('should report every dependency ready', async () => {
    const response = await t.http().get('/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok', pdns: 'ok', scaikey_jwks: 'ok' },
    });
  });

  it('should echo a request id, or make one up', async () => {
    const given = await t.http().get('/health/live').set('X-Request-ID', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await t.http().get('/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should refuse an unauthenticated request with 401 in the documented shape', async () => {
    const response = await t.http().get('/api/v1/auth/me').expect(401);
    expect(response.body).toEqual({ detail: expect.stringContaining('Not authenticated') });
  });

  it('should refuse a garbage bearer token with 401', async () => {
    const response = await t
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', 'Bearer not.a.jwt')
      .expect(401);
    expect(typeof response.body.detail).toBe('string');
  });

  it('should answer malformed JSON with 422 and a FastAPI-style detail list', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/token')
      .set('Content-Type', 'application/json')
      .send('{"code": "abc",')
      .expect(422);
    expect(response.body.detail).toEqual([
      expect.objectContaining({ loc: ['body'], type: 'value_error.jsondecode' }),
    ]);
  });

  it('should answer a body with missing and unknown fields with 422 naming each field', async () => {
    const response = await t.http().post('/api/v1/auth/token').send({ code: 'abc', surprise: 1 }).expect(422);
    const issues = response.body.detail as { loc: string[]; msg: string; type: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'surprise'], msg: 'extra fields not permitted', type: 'value_error.extra' },
        expect.objectContaining({ loc: ['body', 'code_verifier'], type: 'value_error.missing' }),
        expect.objectContaining({ loc: ['body', 'redirect_uri'], type: 'value_error.missing' }),
      ]),
    );
  });

  it('should answer unknown routes with 404 {"detail": "Not Found"}', async () => {
    const response = await t.http().get('/api/v1/does-not-exist').expect(404);
    expect(response.body).toEqual({ detail: 'Not Found' });
  });

  it('should serve the OpenAPI document with both security schemes, and Swagger UI', async () => {
    const spec = await t.http().get('/openapi.json').expect(200);
    expect(Object.keys(spec.body.components.securitySchemes).sort()).toEqual(['api_key', 'scaikey']);
    expect(spec.body.components.securitySchemes.scaikey.flows.authorizationCode.authorizationUrl).toContain(
      t.stack.idp.issuer,
    );
    const ui = await t.http().get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
    // The Authorize popup returns from ScaiKey's origin and must still reach its opener.
    const redirect = await t.http().get('/docs/oauth2-redirect.html').expect(200);
    expect(redirect.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('should expose Prometheus metrics including HTTP request counts by route', async () => {
    await t.http().get('/health/live').expect(200);
    const response = await t.http().get('/metrics').expect(200);
    expect(response.text).toMatch(
      /scaidns_http_requests_total\{method="GET",path="\/health\/live",status="200"\} \d+/,
    );
    expect(response.text).toContain('scaidns_pdns_requests_total');
    expect(response.text).toContain('scaidns_db_queries_total');
  });
});

describe('Readiness when PowerDNS goes away (e2e)', () => {
  const script = join(__dirname, '..', '..', 'scripts', 'pdns-start.sh');
  const dir = join(tmpdir(), 'scaidns-test', 'pdns-readiness');
  const args = [
    '--backend',
    'gsqlite3',
    '--dir',
    dir,
    '--dns-port',
    '5313',
    '--api-port',
    '8094',
    '--api-key',
    'readiness-key',
  ];
  let t: TestApp;

  beforeAll(async () => {
    execFileSync('bash', [script, ...args, '--reset'], { stdio: 'ignore' });
    t = await createTestApp({
      PDNS_API_URL: 'http://127.0.0.1:8094',
      PDNS_API_KEY: 'readiness-key',
      PDNS_RETRIES: '0',
    });
  });

  afterAll(async () => {
    await t.close();
    execFileSync('bash', [script, '--stop', '--dir', dir], { stdio: 'ignore' });
  });

  it('should answer 503 naming pdns while PowerDNS is down, and 200 once it is back', async () => {
    await t.http().get('/health/ready').expect(200);

    execFileSync('bash', [script, '--stop', '--dir', dir], { stdio: 'ignore' });
    const down = await t.http().get('/health/ready').expect(503);
    expect(down.body.status).toBe('degraded');
    expect(down.body.checks.pdns).toMatch(/connection refused|unavailable/i);
    expect(down.body.checks.database).toBe('ok');

    execFileSync('bash', [script, ...args], { stdio: 'ignore' });
    const back = await t.http().get('/health/ready').expect(200);
    expect(back.body.checks.pdns).toBe('ok');
  });
});
