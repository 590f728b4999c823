import { Logger } from '@nestjs/common';
import { PowerDnsConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';
import { PowerDnsHttpClient, PowerDnsRequest } from 'src/powerdns/powerdns-http.client';
import {
  PowerDnsAuthError,
  PowerDnsConflictError,
  PowerDnsError,
  PowerDnsNotFoundError,
  PowerDnsRejectedError,
  PowerDnsServerError,
  PowerDnsTimeoutError,
  PowerDnsUnavailableError,
} from 'src/powerdns/powerdns.errors';
import { PdnsStubServer, closedPort } from 'test/powerdns/pdns-stub-server';

const API_KEY = 'super-secret-pdns-key';
const BAD_A =
  "Record bad.example.org./A '999.1.1.1': Parsing record content (try 'pdnsutil check-zone'): unable to parse IP address";

describe('PowerDnsHttpClient', () => {
  let stub: PdnsStubServer;
  let metrics: MetricsService;
  let logged: string[];

  const client = (overrides: Partial<PowerDnsConfig> = {}): PowerDnsHttpClient =>
    new PowerDnsHttpClient(
      {
        apiUrl: stub.url,
        apiKey: API_KEY,
        serverId: 'localhost',
        timeoutMs: 2000,
        retries: 2,
        lockTtlMs: 10_000,
        ...overrides,
      },
      metrics,
      { baseDelayMs: 5, maxDelayMs: 20 },
    );

  const patch = (overrides: Partial<PowerDnsRequest> = {}): PowerDnsRequest => ({
    method: 'PATCH',
    path: '/zones/example.org.',
    body: { rrsets: [] },
    operation: 'patchRrsets',
    retry: 'idempotent',
    subject: 'zone example.org.',
    ...overrides,
  });

  const failure = async (promise: Promise<unknown>): Promise<PowerDnsError> => {
    try {
      await promise;
    } catch (error) {
      return error as PowerDnsError;
    }
    throw new Error('expected the request to fail');
  };

  beforeAll(async () => {
    stub = await PdnsStubServer.start();
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.reset();
    metrics = new MetricsService();
    logged = [];
    for (const level of ['debug', 'warn', 'log', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown, ..._rest: unknown[]) => {
        logged.push(String(message));
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('should send the API key, JSON body and server path, and return a 2xx body', async () => {
    stub.handler = (_req, res) => PdnsStubServer.json(res, 200, { version: '4.7.3' });
    const response = await client({ serverId: 'local host' }).request({
      method: 'PUT',
      path: '/cache/flush',
      query: { domain: 'example.org.' },
      body: { a: 1 },
      operation: 'flushCache',
      retry: 'idempotent',
    });
    expect(response).toEqual({ status: 200, body: '{"version":"4.7.3"}' });
    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req.url).toBe('/api/v1/servers/local%20host/cache/flush?domain=example.org.');
    expect(req.headers['x-api-key']).toBe(API_KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ a: 1 });
  });

  it('should map a 422 JSON error to PowerDnsRejectedError (400) without retrying', async () => {
    stub.handler = (_req, res) => PdnsStubServer.rejected(res, BAD_A);
    const error = await failure(client().request(patch()));
    expect(error).toBeInstanceOf(PowerDnsRejectedError);
    expect(error.status).toBe(400);
    expect(error.detail).toEqual({ message: `PowerDNS rejected the change: ${BAD_A}`, reason: BAD_A });
    expect(error.code).toBe('PDNS_REJECTED');
    expect(error.pdnsStatus).toBe(422);
    expect(error.pdnsMessage).toBe(BAD_A);
    expect(error.operation).toBe('patchRrsets');
    expect(stub.requests).toHaveLength(1);
  });

  it('should map a plain-text 404 to PowerDnsNotFoundError (502) naming the subject', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
    const error = await failure(client().request(patch()));
    expect(error).toBeInstanceOf(PowerDnsNotFoundError);
    expect(error.status).toBe(502);
    expect(error.detail).toBe('PowerDNS has no zone example.org.');
    expect(error.pdnsStatus).toBe(404);
    expect(error.pdnsMessage).toBe('Not Found');
    expect(stub.requests).toHaveLength(1);
  });

  it('should also read the JSON error form PowerDNS uses when a client asks for JSON', async () => {
    stub.handler = (_req, res) => PdnsStubServer.json(res, 409, { error: 'Conflict' });
    const error = await failure(client().request(patch({ method: 'POST', retry: 'unsent-only' })));
    expect(error).toBeInstanceOf(PowerDnsConflictError);
    expect(error.pdnsMessage).toBe('Conflict');
  });

  it('should not ask for JSON, so that PowerDNS answers its documented plain-text errors', async () => {
    stub.handler = (_req, res) => PdnsStubServer.noContent(res);
    await client().request(patch());
    expect(stub.requests[0].headers.accept ?? '*/*').not.toContain('application/json');
  });

  it('should return an accepted status instead of throwing', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
    await expect(client().request(patch({ accept: [404] }))).resolves.toEqual({
      status: 404,
      body: 'Not Found',
    });
  });

  it('should map a plain-text 409 to PowerDnsConflictError (409)', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 409);
    const error = await failure(
      client().request({
        method: 'POST',
        path: '/zones',
        body: {},
        operation: 'createZone',
        retry: 'unsent-only',
        subject: 'zone a.test.',
      }),
    );
    expect(error).toBeInstanceOf(PowerDnsConflictError);
    expect(error.status).toBe(409);
    expect(error.detail).toBe('Zone a.test. already exists');
    expect(error.pdnsMessage).toBe('Conflict');
  });

  it('should map a 401 to PowerDnsAuthError (502) and never echo or log the key', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 401);
    const error = await failure(client().request(patch()));
    expect(error).toBeInstanceOf(PowerDnsAuthError);
    expect(error.status).toBe(502);
    expect(error.detail).toBe('ScaiDNS is misconfigured: PowerDNS rejected the API key');
    expect(stub.requests).toHaveLength(1);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(API_KEY);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(API_KEY);
  });

  it('should retry 500 twice and succeed on the third call', async () => {
    let calls = 0;
    stub.handler = (_req, res) =>
      ++calls <= 2 ? PdnsStubServer.plain(res, 500) : PdnsStubServer.noContent(res);
    await expect(client().request(patch())).resolves.toEqual({ status: 204, body: '' });
    expect(stub.requests).toHaveLength(3);
    const samples = (await metrics.pdnsRequests.get()).values;
    const count = (status: string): number =>
      samples.find(
        (s) =>
          s.labels.status === status && s.labels.operation === 'patchRrsets' && s.labels.method === 'PATCH',
      )?.value ?? 0;
    expect(count('500')).toBe(2);
    expect(count('204')).toBe(1);
    const durations = (await metrics.pdnsDuration.get()).values.find(
      (s) => s.metricName === 'scaidns_pdns_request_duration_seconds_count',
    );
    expect(durations?.value).toBe(3);
  });

  it('should give up with PowerDnsServerError (502) after retries+1 calls of 500', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 500);
    const error = await failure(client().request(patch()));
    expect(error).toBeInstanceOf(PowerDnsServerError);
    expect(error.status).toBe(502);
    expect(error.detail).toBe('PowerDNS failed with HTTP 500: Internal Server Error');
    expect(error.attempts).toBe(3);
    expect(error.earlierAttemptMayHaveApplied).toBe(true);
    expect(stub.requests).toHaveLength(3);
  });

  it('should not retry a 500 of a request that must not run twice', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 500);
    const error = await failure(client().request(patch({ method: 'POST', retry: 'unsent-only' })));
    expect(error).toBeInstanceOf(PowerDnsServerError);
    expect(stub.requests).toHaveLength(1);
  });

  it('should map a plain 400 (body too large / bad JSON) to PowerDnsServerError without retrying', async () => {
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 400);
    const error = await failure(client().request(patch()));
    expect(error).toBeInstanceOf(PowerDnsServerError);
    expect(error.pdnsStatus).toBe(400);
    expect(error.pdnsMessage).toBe('Bad Request');
    expect(stub.requests).toHaveLength(1);
  });

  it('should retry a connection reset only for idempotent requests', async () => {
    let calls = 0;
    stub.handler = (_req, res) => (++calls === 1 ? PdnsStubServer.drop(res) : PdnsStubServer.noContent(res));
    await expect(client().request(patch())).resolves.toMatchObject({ status: 204 });
    expect(stub.requests).toHaveLength(2);

    stub.reset();
    stub.handler = (_req, res) => PdnsStubServer.drop(res);
    const error = await failure(client().request(patch({ method: 'POST', retry: 'unsent-only' })));
    expect(error).toBeInstanceOf(PowerDnsUnavailableError);
    expect(stub.requests).toHaveLength(1);
  });

  it('should map connection refused to PowerDnsUnavailableError (503), retrying even unsent-only requests', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await failure(
      client({ apiUrl: `http://127.0.0.1:${port}` }).request(patch({ method: 'POST', retry: 'unsent-only' })),
    );
    expect(error).toBeInstanceOf(PowerDnsUnavailableError);
    expect(error.status).toBe(503);
    expect(String(error.detail)).toMatch(/^PowerDNS is unavailable: .*ECONNREFUSED/);
    expect(error.headers['Retry-After']).toBe('5');
    expect(error.attempts).toBe(3);
    expect(error.earlierAttemptMayHaveApplied).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    const samples = (await metrics.pdnsRequests.get()).values;
    expect(samples.find((s) => s.labels.status === 'error')?.value).toBe(3);
  });

  it('should map a hung response to PowerDnsTimeoutError (504) without retrying', async () => {
    stub.handler = () => undefined; // never answers
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 200 }).request(patch()));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(PowerDnsTimeoutError);
    expect(error.status).toBe(504);
    expect(error.detail).toBe('PowerDNS did not answer within 200 ms');
    expect(stub.requests).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    const samples = (await metrics.pdnsRequests.get()).values;
    expect(samples.find((s) => s.labels.status === 'timeout')?.value).toBe(1);
  });

  it('should time out a response whose body never ends', async () => {
    stub.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 100 });
      res.write('{"partial":');
    };
    const error = await failure(
      client({ timeoutMs: 200 }).request(patch({ method: 'GET', body: undefined })),
    );
    expect(error).toBeInstanceOf(PowerDnsTimeoutError);
  });

  it('should parse JSON bodies and report a non-JSON 2xx body as a server error', async () => {
    stub.handler = (_req, res) => PdnsStubServer.json(res, 200, [{ id: 'a.' }]);
    await expect(
      client().requestJson({ method: 'GET', path: '/zones', operation: 'listZones', retry: 'idempotent' }),
    ).resolves.toEqual({
      status: 200,
      data: [{ id: 'a.' }],
    });
    stub.handler = (_req, res) => PdnsStubServer.plain(res, 200, '<html>');
    await expect(
      client().requestJson({ method: 'GET', path: '/zones', operation: 'listZones', retry: 'idempotent' }),
    ).rejects.toBeInstanceOf(PowerDnsServerError);
  });
});
