import { Global, Logger, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { AppConfig } from 'src/config/app-config';
import { DnsLookupError } from 'src/dns-lookup/dns-lookup.errors';
import { DnsLookupModule } from 'src/dns-lookup/dns-lookup.module';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import { DnsTransport } from 'src/dns-lookup/dns-transport';
import { OwnershipChecker } from 'src/dns-lookup/ownership-checker.service';
import { MetricsService } from 'src/metrics/metrics.service';
import { testStack } from 'test/utils/test-stack';

/**
 * The ownership checks and DS lookups against a real PowerDNS: the e2e "upstream" instance plays the world's DNS
 * (it is both the resolver and the authoritative server of every zone below). All traffic stays on 127.0.0.1.
 *
 * The upstream only answers for the zones it hosts and REFUSES everything else, so a name outside every zone is an
 * error here, while NXDOMAIN ("does not exist") comes from names missing inside a hosted zone (parent-<run>.test).
 */
describe('DnsLookupModule against a real PowerDNS', () => {
  const stack = testStack();
  const run = randomBytes(4).toString('hex');
  const owner = `owner-${run}.test`;
  const parent = `parent-${run}.test`;
  const child = `child.${parent}`;
  const record = `_scaidns-verify.${owner}`;
  const token = `scaidns-verify=${randomBytes(16).toString('hex')}`;
  const platform = [`ns1.platform-${run}.test.`, `ns2.platform-${run}.test.`];
  const ds = [
    { keyTag: 12345, algorithm: 13, digestType: 2, digest: randomBytes(32).toString('hex').toUpperCase() },
    { keyTag: 54321, algorithm: 8, digestType: 4, digest: randomBytes(48).toString('hex').toUpperCase() },
  ];
  const upstream = pdnsApi(stack.upstream.apiUrl, stack.upstream.apiKey);
  const created: string[] = [];
  let moduleRef: TestingModule;
  let checker: OwnershipChecker;
  let dns: DnsLookupService;
  let metrics: MetricsService;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    await upstream.createZone(
      owner,
      [`ns1.${owner}.`, `ns2.${owner}.`],
      [
        // ns2 has no address: it is listed as unreachable and must not block the check.
        { name: `ns1.${owner}.`, type: 'A', records: ['127.0.0.1'] },
      ],
    );
    created.push(owner);
    await upstream.createZone(
      parent,
      [`ns1.${parent}.`],
      [
        { name: `ns1.${parent}.`, type: 'A', records: ['127.0.0.1'] },
        { name: `${child}.`, type: 'NS', records: platform },
        {
          name: `${child}.`,
          type: 'DS',
          records: ds.map((d) => `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toLowerCase()}`),
        },
      ],
    );
    created.push(parent);
    moduleRef = await compileModule(stack.upstream.dnsPort);
    checker = moduleRef.get(OwnershipChecker);
    dns = moduleRef.get(DnsLookupService);
    metrics = moduleRef.get(MetricsService);
  });

  afterAll(async () => {
    for (const zone of created) {
      await upstream.deleteZone(zone).catch(() => undefined);
    }
    await moduleRef?.close();
    jest.restoreAllMocks();
  });

  async function compileModule(dnsPort: number, resolverPort = dnsPort): Promise<TestingModule> {
    const config = {
      dns: {
        resolvers: [`127.0.0.1:${resolverPort}`],
        nameservers: platform,
        hostmaster: 'hostmaster',
        queryTimeoutMs: 1000,
        authoritativePort: dnsPort,
      },
    } as unknown as AppConfig;

    @Global()
    @Module({
      providers: [{ provide: AppConfig, useValue: config }, MetricsService],
      exports: [AppConfig, MetricsService],
    })
    class TestGlobals {}

    return Test.createTestingModule({ imports: [TestGlobals, DnsLookupModule] }).compile();
  }

  const setTxt = (name: string, values: string[]): Promise<void> =>
    upstream.replaceRrset(owner, { name: `${name}.`, type: 'TXT', records: values });

  describe('checkTxtChallenge', () => {
    it('should report a missing record after asking the authoritative server directly', async () => {
      const result = await checker.checkTxtChallenge(owner, record, token);
      expect(result).toMatchObject({
        valid: false,
        outcome: 'invalid',
        message: `No DNS record found for ${record}`,
      });
      expect(result.checked).toEqual([
        {
          server: `ns1.${owner}`,
          address: `127.0.0.1:${stack.upstream.dnsPort}`,
          source: 'authoritative',
          result: 'missing',
          values: [],
        },
        expect.objectContaining({
          server: `ns2.${owner}`,
          address: null,
          result: 'unreachable',
          detail: `ns2.${owner} has no A/AAAA address`,
        }),
      ]);
    });

    it('should report a wrong value with the expected one', async () => {
      await setTxt(record, ['"scaidns-verify=0000"', '"v=spf1 -all"']);
      const result = await checker.checkTxtChallenge(owner, record, token);
      expect(result).toMatchObject({
        valid: false,
        message: `TXT record found but value doesn't match. Expected: ${token}`,
      });
      expect(result.checked[0].values.sort()).toEqual(['scaidns-verify=0000', 'v=spf1 -all']);
    });

    it('should pass with the right value, among other TXT records', async () => {
      await setTxt(record, [`"${token}"`, '"v=spf1 -all"']);
      await expect(
        checker.checkTxtChallenge(`${owner.toUpperCase()}.`, record, token),
      ).resolves.toMatchObject({
        valid: true,
        outcome: 'valid',
        message: `TXT record ${record} has the expected value`,
      });
    });

    it('should join the chunks of a long TXT value, over TCP when the answer is truncated', async () => {
      const long = `scaidns-verify=${randomBytes(800).toString('hex')}`; // 1615 bytes: over the 1232-byte EDNS size
      const chunks = long.match(/.{1,255}/g)!;
      await setTxt(record, [chunks.map((chunk) => `"${chunk}"`).join(' ')]);
      const tcp = jest.spyOn(DnsTransport.prototype as unknown as { tcp: () => Promise<unknown> }, 'tcp');
      const result = await checker.checkTxtChallenge(owner, record, long);
      expect(tcp).toHaveBeenCalledTimes(1);
      tcp.mockRestore();
      expect(result).toMatchObject({ valid: true, outcome: 'valid' });
      expect(result.checked[0].values).toEqual([long]);
      const shorter = await checker.checkTxtChallenge(owner, record, long.slice(0, -1));
      expect(shorter.message).toBe(
        `TXT record found but value doesn't match. Expected: ${long.slice(0, -1)}`,
      );
    });

    it("should check a subdomain zone against its enclosing zone's nameservers", async () => {
      const sub = `sub.${owner}`;
      await setTxt(`_scaidns-verify.${sub}`, [`"${token}"`]);
      const result = await checker.checkTxtChallenge(sub, `_scaidns-verify.${sub}`, token);
      expect(result).toMatchObject({ valid: true });
      expect(result.checked[0]).toMatchObject({
        server: `ns1.${owner}`,
        source: 'authoritative',
        result: 'match',
      });
    });

    it('should say that a name missing from DNS does not exist', async () => {
      const nowhere = `nowhere-${run}.${parent}`;
      await expect(checker.checkTxtChallenge(nowhere, `_scaidns-verify.${nowhere}`, token)).resolves.toEqual({
        valid: false,
        outcome: 'invalid',
        message: `Domain ${nowhere} does not exist in DNS`,
        checked: [],
      });
    });

    it('should give a clean result for a name outside every zone the upstream serves', async () => {
      const nowhere = `nowhere-${run}.test`;
      const result = await checker.checkTxtChallenge(nowhere, `_scaidns-verify.${nowhere}`, token);
      expect(result.valid).toBe(false);
      // REFUSED today; NXDOMAIN if a `test.` zone is ever added to the upstream.
      expect(result.message).toMatch(
        new RegExp(
          `^(Domain ${nowhere} does not exist in DNS|Could not look up the nameservers of ${nowhere}: .*answered REFUSED)`,
        ),
      );
    });
  });

  describe('checkNameserverDelegation', () => {
    it("should match the zone's NS set regardless of case and trailing dots", async () => {
      await expect(
        checker.checkNameserverDelegation(owner, [`NS2.${owner}`, `ns1.${owner}.`]),
      ).resolves.toMatchObject({ valid: true, outcome: 'valid', found: [`ns1.${owner}`, `ns2.${owner}`] });
    });

    it('should list found and expected nameservers on a mismatch', async () => {
      const result = await checker.checkNameserverDelegation(owner, platform);
      expect(result).toMatchObject({ valid: false, outcome: 'invalid' });
      expect(result.message).toBe(
        `Nameservers don't match. Expected: ${platform.map((ns) => ns.slice(0, -1)).join(', ')}; ` +
          `found: ns1.${owner}, ns2.${owner}`,
      );
    });

    it('should read a delegation from the referral when the child zone is not served yet', async () => {
      await expect(checker.checkNameserverDelegation(child, platform)).resolves.toMatchObject({
        valid: true,
        found: platform.map((ns) => ns.slice(0, -1)),
      });
    });

    it('should say that a missing domain does not exist', async () => {
      await expect(
        checker.checkNameserverDelegation(`nowhere-${run}.${parent}`, platform),
      ).resolves.toMatchObject({
        valid: false,
        outcome: 'invalid',
        message: `Domain nowhere-${run}.${parent} does not exist in DNS`,
      });
    });
  });

  describe('lookupDs', () => {
    it('should return the parsed DS rrset published at the delegation point', async () => {
      const found = await dns.lookupDs(child);
      expect(found.sort((x, y) => x.keyTag - y.keyTag)).toEqual(ds);
    });

    it('should return an empty list for a zone without DS records', async () => {
      await expect(dns.lookupDs(owner)).resolves.toEqual([]);
    });
  });

  describe('with a dead resolver', () => {
    let dead: TestingModule;

    beforeAll(async () => {
      dead = await compileModule(stack.upstream.dnsPort, 1);
    });

    afterAll(async () => {
      await dead.close();
    });

    it('should fail the TXT check with an error outcome, quickly', async () => {
      const started = Date.now();
      const result = await dead.get(OwnershipChecker).checkTxtChallenge(owner, record, token);
      expect(result).toEqual({
        valid: false,
        outcome: 'error',
        message: `Could not look up the nameservers of ${owner}: 127.0.0.1:1: connection refused (ECONNREFUSED)`,
        checked: [],
      });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('should fail lookupDs and the delegation check with clear errors, quickly', async () => {
      const started = Date.now();
      const error = await dead
        .get(DnsLookupService)
        .lookupDs(child)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DnsLookupError);
      expect((error as Error).message).toBe(
        `DNS lookup of ${child} DS failed: 127.0.0.1:1: connection refused (ECONNREFUSED)`,
      );
      await expect(
        dead.get(OwnershipChecker).checkNameserverDelegation(owner, platform),
      ).resolves.toMatchObject({
        outcome: 'error',
        message: `Could not look up the nameservers of ${owner}: 127.0.0.1:1: connection refused (ECONNREFUSED)`,
      });
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  it('should count every check by result', async () => {
    const counts = async (): Promise<Record<string, number>> => {
      const { values } = await metrics.validationChecks.get();
      return Object.fromEntries(values.map((value) => [String(value.labels.result), value.value]));
    };
    const before = await counts();
    await checker.checkTxtChallenge(owner, `_scaidns-verify-none.${owner}`, token);
    await checker.checkNameserverDelegation(owner, [`ns1.${owner}`, `ns2.${owner}`]);
    await checker.checkNameserverDelegation(owner, platform);
    const after = await counts();
    expect((after.valid ?? 0) - (before.valid ?? 0)).toBe(1);
    expect((after.invalid ?? 0) - (before.invalid ?? 0)).toBe(2);
    expect(after.error ?? 0).toBe(before.error ?? 0);
  });
});

interface RrsetSpec {
  name: string;
  type: string;
  records: string[];
}

/** Just enough of the PowerDNS HTTP API to set up the simulated world (plain fetch, no ScaiDNS code involved). */
function pdnsApi(apiUrl: string, apiKey: string) {
  const base = `${apiUrl.replace(/\/+$/, '')}/api/v1/servers/localhost`;
  const call = async (method: string, path: string, body?: unknown): Promise<void> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`PowerDNS ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
  };
  const rrset = (spec: RrsetSpec) => ({
    name: spec.name,
    type: spec.type,
    ttl: 60,
    changetype: 'REPLACE',
    records: spec.records.map((content) => ({ content, disabled: false })),
  });
  // PowerDNS caches answers (also the REFUSED given before a zone existed): flush after every change.
  const flush = (zone: string): Promise<void> => call('PUT', `/cache/flush?domain=${zone}.`);
  return {
    async createZone(zone: string, nameservers: string[], rrsets: RrsetSpec[]): Promise<void> {
      await call('POST', '/zones', {
        name: `${zone}.`,
        kind: 'Native',
        nameservers,
        rrsets: rrsets.map(rrset),
      });
      await flush(zone);
    },
    async replaceRrset(zone: string, spec: RrsetSpec): Promise<void> {
      await call('PATCH', `/zones/${zone}.`, { rrsets: [rrset(spec)] });
      await flush(zone);
    },
    deleteZone: (zone: string): Promise<void> => call('DELETE', `/zones/${zone}.`),
  };
}
