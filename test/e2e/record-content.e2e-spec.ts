import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MetricsService } from 'src/metrics/metrics.service';
import { PowerDnsError } from 'src/powerdns/powerdns.errors';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { Rrset } from 'src/powerdns/powerdns.types';
import { toPowerDnsContent } from 'src/records/content/powerdns-write-content';
import { CONTENT_CASES } from 'src/records/content/record-content.cases';
import { canonicaliseContent } from 'src/records/content/record-content';
import { normaliseRecordName } from 'src/records/content/record-name';
import { RECORD_TYPES } from 'src/records/content/record-types';
import { RedisService } from 'src/redis/redis.service';
import { pdnsResolver } from 'test/powerdns/dns-query';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';
import { realPdnsEnv } from 'test/powerdns/real-pdns-env';

/**
 * Proves that ScaiDNS's canonical record content is what PowerDNS 4.7 accepts AND stores verbatim: every valid row of
 * the unit tables (record-content.cases.ts) is written into a real PowerDNS under a name of its own, then read back.
 * A difference means the canonical form is not PowerDNS's, and duplicate checks or drift comparisons would break.
 * SOA rows are skipped: the SOA is one per zone and PowerDNS rewrites its serial (soa_edit_api).
 */
describe('Record content canonicalisation against a real PowerDNS', () => {
  const { apiUrl, apiKey, dnsPort, serverId, redisUrl } = realPdnsEnv();
  const run = randomBytes(4).toString('hex');
  const zone = `rc-e2e-${run}.test.`;
  const config = powerDnsTestConfig(
    { apiUrl, apiKey, serverId, timeoutMs: 10_000, lockTtlMs: 30_000 },
    redisUrl,
  );
  const redis = new RedisService(config);
  const service = new PowerDnsService(config, redis, new MetricsService());
  const dns = pdnsResolver(dnsPort);

  /** One record per valid row, at `<type>-<row>.<zone>`. */
  const rows = RECORD_TYPES.filter((type) => type !== 'SOA').flatMap((type) =>
    CONTENT_CASES[type].valid.map((row, index) => {
      const result = canonicaliseContent(type, row.input, zone);
      return {
        type,
        input: row.input,
        name: `${type.toLowerCase()}-${index}.${zone}`,
        canonical: result.ok ? result.content : `(refused: ${result.error})`,
      };
    }),
  );
  let rrsets: Rrset[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    await service.createZone({ name: zone, kind: 'Native', nameservers: [`ns1.${zone}`] });
  });

  afterAll(async () => {
    await service.deleteZone(zone).catch(() => undefined);
    const keys = await redis.client.keys(redis.key('*'));
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.onApplicationShutdown();
    dns.cancel();
    jest.restoreAllMocks();
  });

  it('should have canonicalised every valid row for this zone', () => {
    expect(rows.filter((row) => row.canonical.startsWith('(refused'))).toEqual([]);
    expect(rows.length).toBeGreaterThan(90);
  });

  it('should have every canonical row accepted by PowerDNS (no 422)', async () => {
    const rejected: string[] = [];
    // One PATCH per row, so that a rejection names its row (a PATCH is all-or-nothing).
    for (const row of rows) {
      try {
        await service.patchRrsets(zone, [
          {
            name: row.name,
            type: row.type,
            ttl: 300,
            changetype: 'REPLACE',
            records: [{ content: toPowerDnsContent(row.type, row.canonical) }],
          },
        ]);
      } catch (error) {
        const reason = error instanceof PowerDnsError ? (error.pdnsMessage ?? error.message) : String(error);
        rejected.push(`${row.type} ${JSON.stringify(row.canonical)}: ${reason}`);
      }
    }
    expect(rejected).toEqual([]);
    rrsets = (await service.getZone(zone))!.rrsets!;
  });

  it('should find PowerDNS storing exactly the canonical content of every row', () => {
    const stored = new Map(rrsets.map((rrset) => [`${rrset.name} ${rrset.type}`, rrset.records]));
    const differences = rows
      .map((row) => ({
        row,
        records: stored.get(`${row.name} ${row.type}`)?.map((record) => record.content),
      }))
      .filter(({ row, records }) => records?.length !== 1 || records[0] !== row.canonical)
      .map(
        ({ row, records }) =>
          `${row.type} ${JSON.stringify(row.canonical)} stored as ${JSON.stringify(records)}`,
      );
    expect(differences).toEqual([]);
  });

  it('should serve split TXT strings and IPv4-mapped AAAA as written', async () => {
    const txtIndex = CONTENT_CASES.TXT.valid.findIndex((row) =>
      row.canonical.startsWith(`"${'x'.repeat(255)}" "yy"`),
    );
    expect(await dns.resolveTxt(`txt-${txtIndex}.${zone}`)).toEqual([['x'.repeat(255), 'yy']]);
    const aaaaIndex = CONTENT_CASES.AAAA.valid.findIndex((row) => row.canonical === '::ffff:192.0.2.1');
    expect(await dns.resolve6(`aaaa-${aaaaIndex}.${zone}`)).toEqual(['::ffff:192.0.2.1']);
    const utf8Index = CONTENT_CASES.TXT.valid.findIndex((row) => row.input === '"caf\\195\\169"');
    // Node's resolver hands TXT octets over as latin1 strings; the octets themselves must be UTF-8 "café".
    const [[served]] = await dns.resolveTxt(`txt-${utf8Index}.${zone}`);
    expect(Buffer.from(served, 'latin1').toString('utf8')).toBe('café');
  });

  it('should have PowerDNS accept and keep the normalised record names', async () => {
    const inputs = [
      '*',
      '*.dev',
      '_dmarc',
      '_sip._tcp',
      'bücher',
      'WWW.Upper',
      'a'.repeat(63),
      `deep.${zone}`,
    ];
    const names = inputs.map((input) => {
      const result = normaliseRecordName(input, zone);
      if (!result.ok) {
        throw new Error(`${input}: ${result.error}`);
      }
      return result.fqdn;
    });
    await service.patchRrsets(
      zone,
      names.map((name) => ({
        name,
        type: 'TXT',
        ttl: 300,
        changetype: 'REPLACE' as const,
        records: [{ content: '"name check"' }],
      })),
    );
    const stored = new Set((await service.getZone(zone))!.rrsets!.map((rrset) => rrset.name));
    expect(names.filter((name) => !stored.has(name))).toEqual([]);
    expect(names).toContain(`xn--bcher-kva.${zone}`);
  });
});
