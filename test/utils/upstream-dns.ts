import { TestStack } from 'test/utils/test-stack';

/**
 * The second PowerDNS of the test stack plays "the rest of the DNS": a customer's current provider, where tests
 * publish validation challenges. Plain HTTP calls; it is not ScaiDNS's PowerDNS.
 */
export class UpstreamDns {
  constructor(private readonly stack: TestStack) {}

  /** A zone the upstream is authoritative for, with its nameserver host pointing at 127.0.0.1. */
  async createZone(zone: string): Promise<void> {
    const fqdn = `${zone}.`;
    await this.call('POST', '/zones', {
      name: fqdn,
      kind: 'Native',
      nameservers: [`ns1.${fqdn}`],
      rrsets: [
        { name: `ns1.${fqdn}`, type: 'A', ttl: 60, records: [{ content: '127.0.0.1', disabled: false }] },
      ],
    });
  }

  async setTxt(zone: string, name: string, values: string[]): Promise<void> {
    await this.call('PATCH', `/zones/${zone}.`, {
      rrsets: [
        {
          name: `${name}.`,
          type: 'TXT',
          ttl: 60,
          changetype: 'REPLACE',
          records: values.map((value) => ({ content: JSON.stringify(value), disabled: false })),
        },
      ],
    });
  }

  async setNs(zone: string, hosts: string[]): Promise<void> {
    await this.call('PATCH', `/zones/${zone}.`, {
      rrsets: [
        {
          name: `${zone}.`,
          type: 'NS',
          ttl: 60,
          changetype: 'REPLACE',
          records: hosts.map((content) => ({ content, disabled: false })),
        },
      ],
    });
  }

  async deleteZone(zone: string): Promise<void> {
    await this.call('DELETE', `/zones/${zone}.`).catch(() => undefined);
  }

  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.stack.upstream.apiUrl}/api/v1/servers/localhost${path}`, {
      method,
      headers: { 'X-API-Key': this.stack.upstream.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) {
      throw new Error(`upstream ${method} ${path}: ${response.status} ${await response.text()}`);
    }
  }
}

/** Environment for an app whose ownership checks ask the upstream PowerDNS (never a public resolver). */
export function upstreamResolverEnv(stack: TestStack): Record<string, string> {
  return {
    DNS_RESOLVERS: `127.0.0.1:${stack.upstream.dnsPort}`,
    DNS_AUTHORITATIVE_PORT: String(stack.upstream.dnsPort),
    DNS_QUERY_TIMEOUT_MS: '1500',
  };
}
