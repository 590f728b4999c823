import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type StubHandler = (req: StubRequest, res: http.ServerResponse) => void | Promise<void>;

/**
 * A tiny stand-in for the PowerDNS API, for unit tests: records every request and answers with whatever the test's
 * handler says. The reply helpers produce PowerDNS 4.7's exact error formats (recipe §6): only 422 is JSON
 * `{"error": ...}`, everything else is `text/plain; charset=utf-8` with the bare reason phrase; every response has
 * `Connection: close`.
 */
export class PdnsStubServer {
  readonly requests: StubRequest[] = [];
  handler: StubHandler = (_req, res) => PdnsStubServer.plain(res, 404);
  inFlight = 0;
  maxInFlight = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<PdnsStubServer> {
    const server = http.createServer();
    const stub = new PdnsStubServer(server);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded: StubRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        stub.requests.push(recorded);
        stub.inFlight++;
        stub.maxInFlight = Math.max(stub.maxInFlight, stub.inFlight);
        res.on('close', () => stub.inFlight--);
        Promise.resolve(stub.handler(recorded, res)).catch((error: unknown) => {
          PdnsStubServer.plain(res, 500, String(error));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests whose method and path (without query) match. */
  calls(method: string, pathPrefix = ''): StubRequest[] {
    return this.requests.filter((r) => r.method === method && r.url.split('?')[0].startsWith(pathPrefix));
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
    this.handler = (_req, res) => PdnsStubServer.plain(res, 404);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A PowerDNS plain-text answer: the reason phrase (or `text`) as the body. */
  static plain(res: http.ServerResponse, status: number, text?: string): void {
    const body = text ?? http.STATUS_CODES[status] ?? '';
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    };
    if (status === 401) {
      headers['Www-Authenticate'] = 'X-API-Key realm="PowerDNS"';
    }
    res.writeHead(status, headers);
    res.end(body);
  }

  static json(res: http.ServerResponse, status: number, value: unknown): void {
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    });
    res.end(body);
  }

  /** PowerDNS's 422: `{"error": "..."}`. */
  static rejected(res: http.ServerResponse, error: string): void {
    PdnsStubServer.json(res, 422, { error });
  }

  static noContent(res: http.ServerResponse): void {
    res.writeHead(204, { 'Content-Length': 0, Connection: 'close' });
    res.end();
  }

  /** Closes the connection without any answer (a reset as seen by the client). */
  static drop(res: http.ServerResponse): void {
    res.socket?.destroy();
  }
}

/** A localhost port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
