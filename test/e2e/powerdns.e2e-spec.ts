import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MetricsService } from 'src/metrics/metrics.service';
import {
  PowerDnsAuthError,
  PowerDnsInvalidRequestError,
  PowerDnsRejectedError,
  PowerDnsUnavailableError,
} from 'src/powerdns/powerdns.errors';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { Cryptokey, RrsetChange } from 'src/powerdns/powerdns.types';
import { RedisService } from 'src/redis/redis.service';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { closedPort } from 'test/powerdns/pdns-stub-server';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';
import { realPdnsEnv } from 'test/powerdns/real-pdns-env';

/**
 * PowerDnsService against a real PowerDNS 4.7 (gmysql) and Redis. Where they are comes from the e2e global setup
 * (SCAIDNS_TEST_STACK) or from PDNS_API_URL / PDNS_API_KEY / PDNS_DNS_PORT (see test/powerdns/real-pdns-env.ts).
 * Zones are unique per run and deleted at the end.
 */
describe('PowerDnsService against a real PowerDNS', () => {
  const { apiUrl, apiKey, dnsPort, serverId, redisUrl } = realPdnsEnv();
  const run = randomBytes(4).toString('hex');
  const zone = `pdns-e2e-${run}.test.`;
  const created = new Set<string>();

  const config = powerDnsTestConfig(
    {
      apiUrl,
      apiKey,
      serverId,
      timeoutMs: 10_000,
      retries: 2,
      lockTtlMs: 30_000,
    },
    redisUrl,
  );
  const redis = new RedisService(config);
  const service = new PowerDnsService(config, redis, new MetricsService());
  const dns = pdnsResolver(dnsPort);
  const serialOf = async (name: string): Promise<number> =>
    (await service.getZone(name, { rrsets: false }))!.serial;

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    for (const name of created) {
      await service.deleteZone(name).catch(() => undefined);
    }
    const keys = await redis.client.keys(redis.key('*'));
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.onApplicationShutdown();
    dns.cancel();
    jest.restoreAllMocks();
  });

  it('should ping PowerDNS 4.x', async () => {
    await expect(service.ping()).resolves.toEqual({ version: expect.stringMatching(/^4\./) as unknown });
  });

  it('should create a zone that answers SOA and NS at once, even after a REFUSED was cached (P6)', async () => {
    // Ask first: PowerDNS answers REFUSED and puts that answer in its packet cache.
    expect(await dnsOutcome(dns.resolveSoa(zone))).toBe('EREFUSED');
    expect(await dnsOutcome(dns.resolveSoa(zone))).toBe('EREFUSED');

    created.add(zone);
    const result = await service.createZone({
      name: zone,
      kind: 'Native',
      nameservers: [`ns1.${zone}`, `ns2.${zone}`],
      rrsets: [{ name: `ns1.${zone}`, type: 'A', ttl: 300, records: [{ content: '192.0.2.53' }] }],
    });
    expect(result.name).toBe(zone);
    expect(result.kind).toBe('Native');
    expect(result.soaEditApi).toBe('DEFAULT');

    const soa = await dns.resolveSoa(zone);
    expect(soa.nsname).toBe(`ns1.${zone}`.slice(0, -1));
    expect(soa.serial).toBe(result.serial);
    expect((await dns.resolveNs(zone)).sort()).toEqual([
      `ns1.${zone}`.slice(0, -1),
      `ns2.${zone}`.slice(0, -1),
    ]);
    expect(await service.zoneExists(zone)).toBe(true);
    expect((await service.listZones()).map((z) => z.name)).toContain(zone);
  });

  it('should refuse creating the same zone twice with a 409', async () => {
    const error = await service
      .createZone({ name: zone.toUpperCase(), kind: 'Native', nameservers: [`ns1.${zone}`] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'PDNS_CONFLICT' });
  });

  it('should apply many rrsets in one PATCH and serve them over DNS', async () => {
    const before = await serialOf(zone);
    const changes: RrsetChange[] = [
      ...Array.from({ length: 20 }, (_, i) => ({
        name: `host${i}.${zone}`,
        type: 'A',
        ttl: 60,
        changetype: 'REPLACE' as const,
        records: [{ content: `192.0.2.${i + 1}` }],
      })),
      { name: zone, type: 'MX', ttl: 60, changetype: 'REPLACE', records: [{ content: `10 mail.${zone}` }] },
      {
        name: `txt.${zone}`,
        type: 'TXT',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: '"v=spf1 -all"' }],
      },
      {
        name: `www.${zone}`,
        type: 'CNAME',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: `host0.${zone}` }],
      },
    ];
    await expect(service.patchRrsets(zone, changes)).resolves.toEqual({ changes: 23, requests: 1 });

    expect(await serialOf(zone)).toBe(before + 1);
    expect(await dns.resolve4(`host0.${zone}`)).toEqual(['192.0.2.1']);
    expect(await dns.resolve4(`host19.${zone}`)).toEqual(['192.0.2.20']);
    expect(await dns.resolveMx(zone)).toEqual([{ exchange: `mail.${zone}`.slice(0, -1), priority: 10 }]);
    expect(await dns.resolveTxt(`txt.${zone}`)).toEqual([['v=spf1 -all']]);
    expect(await dns.resolveCname(`www.${zone}`)).toEqual([`host0.${zone}`.slice(0, -1)]);
    expect((await dns.resolveSoa(zone)).serial).toBe(before + 1);

    await service.patchRrsets(zone, [{ name: `host19.${zone}`, type: 'A', changetype: 'DELETE' }]);
    expect(await dnsOutcome(dns.resolve4(`host19.${zone}`))).toBe('ENOTFOUND');
  });

  it('should map a 422 to PowerDnsRejectedError and apply nothing of that PATCH', async () => {
    const before = await serialOf(zone);
    const error = await service
      .patchRrsets(zone, [
        {
          name: `good.${zone}`,
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.99' }],
        },
        {
          name: `bad.${zone}`,
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '999.1.1.1' }],
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerDnsRejectedError);
    const rejected = error as PowerDnsRejectedError;
    expect(rejected.status).toBe(400);
    expect(rejected.pdnsStatus).toBe(422);
    expect(rejected.detail.reason).toContain(`bad.${zone}/A '999.1.1.1'`);
    expect(rejected.detail.message).toMatch(/^PowerDNS rejected the change: /);

    expect(await serialOf(zone)).toBe(before);
    expect(await dnsOutcome(dns.resolve4(`good.${zone}`))).toBe('ENOTFOUND');
  });

  it('should refuse deleting the apex SOA and keep the zone answering (P2)', async () => {
    await expect(
      service.patchRrsets(zone, [{ name: zone, type: 'SOA', changetype: 'DELETE' }]),
    ).rejects.toBeInstanceOf(PowerDnsInvalidRequestError);
    expect(await dnsOutcome(dns.resolveSoa(zone))).toBe('OK');
  });

  it('should apply 50 concurrent PATCHes to one zone, all of them, serial +50', async () => {
    const before = await serialOf(zone);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        service.patchRrsets(zone, [
          {
            name: `conc${i}.${zone}`,
            type: 'A',
            ttl: 60,
            changetype: 'REPLACE',
            records: [{ content: '198.51.100.1' }],
          },
        ]),
      ),
    );
    const ms = Math.round(performance.now() - started);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toEqual([]);
    const after = await serialOf(zone);
    expect(after - before).toBe(50);
    const names = new Set((await service.getZone(zone))!.rrsets!.map((r) => r.name));
    for (let i = 0; i < 50; i++) {
      expect(names.has(`conc${i}.${zone}`)).toBe(true);
    }
    process.stdout.write(
      `[powerdns e2e] 50 concurrent PATCHes with the zone lock: ${ms} ms, serial +${after - before}\n`,
    );
  });

  it('should manage DNSSEC keys and parse their DS records', async () => {
    const ksk = await service.createCryptokey(zone, {
      keytype: 'ksk',
      active: true,
      algorithm: 'ECDSAP256SHA256',
    });
    const zsk = await service.createCryptokey(zone, { keytype: 'zsk', active: true, algorithm: 13 });
    expect(zsk.flags).toBe(256);
    expect((await service.getZone(zone, { rrsets: false }))!.dnssec).toBe(true);

    const keys = await service.listCryptokeys(zone);
    const byId = new Map<number, Cryptokey>(keys.map((k) => [k.id, k]));
    const listedKsk = byId.get(ksk.id)!;
    expect(listedKsk).toMatchObject({
      keytype: 'ksk',
      flags: 257,
      active: true,
      published: true,
      algorithmNumber: 13,
    });
    expect(listedKsk.algorithm).toBe('ECDSAP256SHA256');
    expect(listedKsk.dnskey).toMatch(/^257 3 13 /);
    const digestTypes = listedKsk.ds.map((d) => d.digestType);
    expect(digestTypes).toEqual(expect.arrayContaining([2, 4]));
    const sha256 = listedKsk.ds.find((d) => d.digestType === 2)!;
    expect(sha256.algorithm).toBe(13);
    expect(sha256.keyTag).toBeGreaterThan(0);
    expect(sha256.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(listedKsk.ds.find((d) => d.digestType === 4)!.digest).toMatch(/^[0-9a-f]{96}$/);
    expect(byId.get(zsk.id)).toMatchObject({ keytype: 'zsk', flags: 256 });

    const single = await service.getCryptokey(zone, ksk.id);
    expect(single?.id).toBe(ksk.id);
    expect(JSON.stringify(single)).not.toMatch(/Private-key-format|privatekey/i);

    await service.setCryptokeyActive(zone, zsk.id, false);
    await service.setCryptokeyPublished(zone, zsk.id, false);
    expect(await service.getCryptokey(zone, zsk.id)).toMatchObject({ active: false, published: false });

    await expect(service.deleteCryptokey(zone, zsk.id)).resolves.toBe(true);
    await expect(service.deleteCryptokey(zone, zsk.id)).resolves.toBe(false);
    await expect(service.getCryptokey(zone, zsk.id)).resolves.toBeNull();

    await service.updateZone(zone, { nsec3param: '1 0 0 -' });
    expect((await service.getZone(zone, { rrsets: false }))!.nsec3param).toBe('1 0 0 -');

    await service.removeAllDnssecKeys(zone);
    expect(await service.listCryptokeys(zone)).toEqual([]);
    expect((await service.getZone(zone, { rrsets: false }))!.dnssec).toBe(false);
  });

  it('should export, rectify, notify, flush and manage metadata and settings', async () => {
    const text = await service.exportZone(zone);
    expect(text).toMatch(
      new RegExp(`^host0\\.${zone.replace(/\./g, '\\.')}\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.1$`, 'm'),
    );

    await expect(service.rectifyZone(zone)).resolves.toBeUndefined();
    const notified = await service.notifyZone(zone);
    expect(notified.queued === true || typeof (notified as { reason?: unknown }).reason === 'string').toBe(
      true,
    );
    expect(await service.flushCache(zone)).toBeGreaterThanOrEqual(0);

    await expect(service.setMetadata(zone, 'ALSO-NOTIFY', ['192.0.2.7'])).resolves.toEqual(['192.0.2.7']);
    await expect(service.getMetadata(zone, 'ALSO-NOTIFY')).resolves.toEqual(['192.0.2.7']);
    await service.deleteMetadata(zone, 'ALSO-NOTIFY');
    await expect(service.getMetadata(zone, 'ALSO-NOTIFY')).resolves.toEqual([]);
    await expect(service.setMetadata(zone, 'SOA-EDIT-API', ['EPOCH'])).rejects.toBeInstanceOf(
      PowerDnsRejectedError,
    );

    const before = await serialOf(zone);
    await service.updateZone(zone, { kind: 'Master', soaEditApi: 'INCREASE' });
    const updated = (await service.getZone(zone, { rrsets: false }))!;
    expect(updated).toMatchObject({ kind: 'Master', soaEditApi: 'INCREASE' });
    await service.patchRrsets(zone, [
      { name: `inc.${zone}`, type: 'TXT', ttl: 60, changetype: 'REPLACE', records: [{ content: '"x"' }] },
    ]);
    expect(await serialOf(zone)).toBe(before + 1);
  });

  it('should handle zone names with a slash through PowerDNS id escaping', async () => {
    const classless = `0/26.${run}.in-addr.arpa.`;
    created.add(classless);
    const result = await service.createZone({
      name: classless,
      kind: 'Native',
      nameservers: [`ns1.${zone}`],
    });
    expect(result.id).toBe(`0=2F26.${run}.in-addr.arpa.`);
    expect((await service.getZone(classless))?.name).toBe(classless);
    await service.patchRrsets(classless, [
      {
        name: `1.${classless}`,
        type: 'PTR',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: `host0.${zone}` }],
      },
    ]);
    expect((await service.getZone(classless))!.rrsets!.some((r) => r.type === 'PTR')).toBe(true);
    await expect(service.deleteZone(classless)).resolves.toBe(true);
    await expect(service.getZone(classless)).resolves.toBeNull();
  });

  it('should fail fast with PowerDnsUnavailableError when PowerDNS is unreachable', async () => {
    const port = await closedPort();
    const downConfig = powerDnsTestConfig(
      {
        apiUrl: `http://127.0.0.1:${port}`,
        apiKey,
        retries: 2,
        lockTtlMs: 30_000,
      },
      redisUrl,
    );
    const downRedis = new RedisService(downConfig);
    try {
      const down = new PowerDnsService(downConfig, downRedis, new MetricsService());
      const started = performance.now();
      const error = await down.ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerDnsUnavailableError);
      expect((error as PowerDnsUnavailableError).status).toBe(503);
      const createError = await down
        .createZone({ name: `down-${run}.test.`, kind: 'Native', nameservers: [`ns1.down-${run}.test.`] })
        .catch((e: unknown) => e);
      expect(createError).toBeInstanceOf(PowerDnsUnavailableError);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await downRedis.onApplicationShutdown();
    }
  });

  it('should report a wrong API key as PowerDnsAuthError (502)', async () => {
    const badConfig = powerDnsTestConfig({ apiUrl, apiKey: 'definitely-wrong', serverId }, redisUrl);
    const badRedis = new RedisService(badConfig);
    try {
      const bad = new PowerDnsService(badConfig, badRedis, new MetricsService());
      const error = await bad.listZones().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerDnsAuthError);
      expect((error as PowerDnsAuthError).status).toBe(502);
    } finally {
      await badRedis.onApplicationShutdown();
    }
  });

  it('should delete the zone, then report it as already gone', async () => {
    await expect(service.deleteZone(zone)).resolves.toBe(true);
    await expect(service.deleteZone(zone)).resolves.toBe(false);
    expect(await service.zoneExists(zone)).toBe(false);
    expect(await dnsOutcome(dns.resolveSoa(zone))).toBe('EREFUSED');
    created.delete(zone);
  });
});
