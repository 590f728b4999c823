import { Logger } from '@nestjs/common';
import { MetricsService } from 'src/metrics/metrics.service';
import {
  PowerDnsConflictError,
  PowerDnsInvalidRequestError,
  PowerDnsNotFoundError,
  PowerDnsServerError,
} from 'src/powerdns/powerdns.errors';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { RrsetChange, UpdateZoneInput } from 'src/powerdns/powerdns.types';
import { RedisService } from 'src/redis/redis.service';
import { PdnsStubServer, StubRequest } from 'test/powerdns/pdns-stub-server';
import { powerDnsTestConfig } from 'test/powerdns/powerdns-test-config';

const BASE = '/api/v1/servers/localhost';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function pdnsZone(name: string, kind = 'Native', nameservers = [`ns1.${name}`]) {
  return {
    id: name,
    name,
    kind,
    serial: 2026112901,
    edited_serial: 2026112901,
    notified_serial: 0,
    dnssec: false,
    account: '',
    masters: [],
    soa_edit_api: 'DEFAULT',
    soa_edit: '',
    nsec3param: '',
    nsec3narrow: false,
    api_rectify: false,
    rrsets: [
      {
        name,
        type: 'SOA',
        ttl: 3600,
        records: [
          { content: `ns1.${name} hostmaster.${name} 2026112901 10800 3600 604800 3600`, disabled: false },
        ],
      },
      { name, type: 'NS', ttl: 3600, records: nameservers.map((content) => ({ content, disabled: false })) },
    ],
  };
}

const body = (req: StubRequest): Record<string, unknown> => JSON.parse(req.body) as Record<string, unknown>;

describe('PowerDnsService (stub PowerDNS, real Redis)', () => {
  let stub: PdnsStubServer;
  let redis: RedisService;
  let service: PowerDnsService;

  beforeAll(async () => {
    stub = await PdnsStubServer.start();
    const config = powerDnsTestConfig({ apiUrl: stub.url, apiKey: 'k', retries: 2, timeoutMs: 2000 });
    redis = new RedisService(config);
    service = new PowerDnsService(config, redis, new MetricsService(), {
      lockWaitMs: 5000,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 20,
    });
  });
  afterAll(async () => {
    await stub.close();
    const keys = await redis.client.keys(redis.key('*'));
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.onApplicationShutdown();
  });
  beforeEach(() => {
    stub.reset();
    for (const level of ['debug', 'warn', 'log'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
    }
  });
  afterEach(() => jest.restoreAllMocks());

  describe('ping', () => {
    it('should return the PowerDNS version', async () => {
      stub.handler = (_req, res) => PdnsStubServer.json(res, 200, { id: 'localhost', version: '4.7.3' });
      await expect(service.ping()).resolves.toEqual({ version: '4.7.3' });
      expect(stub.requests[0].url).toBe(BASE);
    });
  });

  describe('createZone', () => {
    it('should send a normalised create and then flush the packet cache for the zone (P6)', async () => {
      stub.handler = (req, res) => {
        if (req.method === 'POST') {
          return PdnsStubServer.json(res, 201, pdnsZone('new.test.'));
        }
        return PdnsStubServer.json(res, 200, { count: 2, result: 'Flushed cache.' });
      };
      const zone = await service.createZone({
        name: 'New.Test',
        kind: 'Master',
        nameservers: ['NS1.new.test', 'ns2.new.test.'],
        soaEditApi: 'INCREASE',
        rrsets: [{ name: 'www.new.test.', type: 'a', ttl: 300, records: [{ content: '192.0.2.1' }] }],
      });
      expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST ${BASE}/zones`,
        `PUT ${BASE}/cache/flush?domain=new.test.`,
      ]);
      expect(body(stub.requests[0])).toEqual({
        name: 'new.test.',
        kind: 'Master',
        nameservers: ['ns1.new.test.', 'ns2.new.test.'],
        dnssec: false,
        soa_edit_api: 'INCREASE',
        rrsets: [
          {
            name: 'www.new.test.',
            type: 'A',
            ttl: 300,
            records: [{ content: '192.0.2.1', disabled: false }],
          },
        ],
      });
      expect(zone).toMatchObject({ name: 'new.test.', kind: 'Native', serial: 2026112901 });
      expect(zone.rrsets?.map((r) => r.type)).toEqual(['SOA', 'NS']);
    });

    it.each([
      [{ kind: 'Bogus' }, /zone kind must be one of Native, Master/],
      [{ kind: 'native' }, /zone kind must be one of/],
      [{ kind: 'Slave' }, /zone kind must be one of/],
      [{ soaEditApi: 'BOGUS' }, /soa_edit_api must be one of DEFAULT, INCREASE, EPOCH/],
      [{ dnssec: true }, /create the zone unsigned/],
    ])('should refuse %j before calling PowerDNS (P3/P4)', async (override, reason) => {
      const input = { name: 'bad.test.', kind: 'Native', nameservers: ['ns1.bad.test.'], ...override };
      const error = await service.createZone(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerDnsInvalidRequestError);
      expect((error as PowerDnsInvalidRequestError).detail.reason).toMatch(reason);
      expect(stub.requests).toHaveLength(0);
    });

    it('should report a 409 on the first attempt as PowerDnsConflictError without reading the zone', async () => {
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 409);
      const error = await service
        .createZone({ name: 'dup.test.', kind: 'Native', nameservers: ['ns1.dup.test.'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerDnsConflictError);
      expect((error as PowerDnsConflictError).status).toBe(409);
      expect((error as PowerDnsConflictError).detail).toBe('Zone dup.test. already exists');
      expect(stub.requests.map((r) => r.method)).toEqual(['POST']);
    });

    it('should accept a 409 on a retry after confirming an earlier attempt created the zone', async () => {
      let posts = 0;
      stub.handler = (req, res) => {
        if (req.method === 'POST') {
          // The first create reaches PowerDNS (which creates the zone) but the connection dies before the answer.
          return ++posts === 1 ? PdnsStubServer.drop(res) : PdnsStubServer.plain(res, 409);
        }
        if (req.method === 'GET') {
          return PdnsStubServer.json(res, 200, pdnsZone('retry.test.'));
        }
        return PdnsStubServer.json(res, 200, { count: 0, result: 'Flushed cache.' });
      };
      const zone = await service.createZone({
        name: 'retry.test.',
        kind: 'Native',
        nameservers: ['ns1.retry.test.'],
      });
      expect(zone.name).toBe('retry.test.');
      expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'PUT']);
    });

    it('should keep the conflict when the zone found after a retry is not the one asked for', async () => {
      let posts = 0;
      stub.handler = (req, res) => {
        if (req.method === 'POST') {
          return ++posts === 1 ? PdnsStubServer.plain(res, 500) : PdnsStubServer.plain(res, 409);
        }
        return PdnsStubServer.json(res, 200, pdnsZone('other.test.', 'Native', ['ns.elsewhere.example.']));
      };
      await expect(
        service.createZone({ name: 'other.test.', kind: 'Native', nameservers: ['ns1.other.test.'] }),
      ).rejects.toBeInstanceOf(PowerDnsConflictError);
      expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
    });

    it('should still return the zone when the cache flush fails', async () => {
      stub.handler = (req, res) =>
        req.method === 'POST'
          ? PdnsStubServer.json(res, 201, pdnsZone('flush.test.'))
          : PdnsStubServer.plain(res, 404);
      await expect(
        service.createZone({ name: 'flush.test.', kind: 'Native', nameservers: ['ns1.flush.test.'] }),
      ).resolves.toMatchObject({ name: 'flush.test.' });
    });
  });

  describe('reads', () => {
    it('should return null for a missing zone and use the escaped zone id in the URL', async () => {
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
      await expect(service.getZone('0/26.2.0.192.in-addr.arpa')).resolves.toBeNull();
      expect(stub.requests[0].url).toBe(`${BASE}/zones/0%3D2F26.2.0.192.in-addr.arpa.`);
    });

    it('should read a zone without rrsets when asked', async () => {
      stub.handler = (_req, res) =>
        PdnsStubServer.json(res, 200, { ...pdnsZone('meta.test.'), rrsets: undefined });
      const zone = await service.getZone('meta.test.', { rrsets: false });
      expect(stub.requests[0].url).toBe(`${BASE}/zones/meta.test.?rrsets=false`);
      expect(zone?.rrsets).toBeNull();
      expect(zone?.soaEditApi).toBe('DEFAULT');
    });

    it('should answer zoneExists with the exact-name filter', async () => {
      stub.handler = (req, res) =>
        PdnsStubServer.json(res, 200, req.url.includes('zone=yes.test.') ? [pdnsZone('yes.test.')] : []);
      await expect(service.zoneExists('YES.test')).resolves.toBe(true);
      await expect(service.zoneExists('no.test.')).resolves.toBe(false);
      expect(stub.requests[0].url).toBe(`${BASE}/zones?zone=yes.test.`);
    });

    it('should export the zone file as text, plain or JSON-wrapped', async () => {
      const zoneFile = 'x.test.\t3600\tIN\tSOA\tns1.x.test. hostmaster.x.test. 1 10800 3600 604800 3600\n';
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 200, zoneFile);
      await expect(service.exportZone('x.test.')).resolves.toBe(zoneFile);
      stub.handler = (_req, res) => PdnsStubServer.json(res, 200, { zone: zoneFile });
      await expect(service.exportZone('x.test.')).resolves.toBe(zoneFile);
      expect(stub.requests[0].url).toBe(`${BASE}/zones/x.test./export`);
    });

    it('should throw PowerDnsNotFoundError (502) when exporting a zone PowerDNS lacks', async () => {
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
      const error = await service.exportZone('gone.test.').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerDnsNotFoundError);
      expect((error as PowerDnsNotFoundError).detail).toBe('PowerDNS has no zone gone.test.');
    });
  });

  describe('deleteZone', () => {
    it('should return true when deleted and false when PowerDNS had no such zone', async () => {
      stub.handler = (_req, res) => PdnsStubServer.noContent(res);
      await expect(service.deleteZone('del.test.')).resolves.toBe(true);
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
      await expect(service.deleteZone('del.test.')).resolves.toBe(false);
      expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `DELETE ${BASE}/zones/del.test.`,
        `DELETE ${BASE}/zones/del.test.`,
      ]);
    });
  });

  describe('patchRrsets', () => {
    it('should refuse deleting the apex SOA without calling PowerDNS (P2)', async () => {
      await expect(
        service.patchRrsets('p.test.', [{ name: 'p.test.', type: 'SOA', changetype: 'DELETE' }]),
      ).rejects.toBeInstanceOf(PowerDnsInvalidRequestError);
      expect(stub.requests).toHaveLength(0);
    });

    it('should send nothing for an empty change list (PowerDNS would bump the serial)', async () => {
      await expect(service.patchRrsets('p.test.', [])).resolves.toEqual({ changes: 0, requests: 0 });
      expect(stub.requests).toHaveLength(0);
    });

    it('should send many rrsets in one PATCH', async () => {
      stub.handler = (_req, res) => PdnsStubServer.noContent(res);
      const changes: RrsetChange[] = [
        { name: 'a.p.test.', type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: '192.0.2.1' }] },
        {
          name: 'p.test.',
          type: 'MX',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '10 mx.p.test.' }],
        },
        { name: 'old.p.test.', type: 'TXT', changetype: 'DELETE' },
      ];
      await expect(service.patchRrsets('p.test', changes)).resolves.toEqual({ changes: 3, requests: 1 });
      expect(stub.requests).toHaveLength(1);
      expect(stub.requests[0].method).toBe('PATCH');
      expect(stub.requests[0].url).toBe(`${BASE}/zones/p.test.`);
      expect((body(stub.requests[0]).rrsets as unknown[]).length).toBe(3);
    });

    it('should split a change list over the body limit into several PATCHes (P7)', async () => {
      stub.handler = (_req, res) => PdnsStubServer.noContent(res);
      const changes: RrsetChange[] = Array.from({ length: 12_000 }, (_, i) => ({
        name: `h${i}.big.test.`,
        type: 'A',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: '192.0.2.1' }],
      }));
      const result = await service.patchRrsets('big.test.', changes);
      expect(result.requests).toBe(2);
      expect(stub.requests).toHaveLength(2);
      for (const req of stub.requests) {
        expect(Buffer.byteLength(req.body)).toBeLessThanOrEqual(1_000_000);
      }
      expect(stub.requests.flatMap((r) => body(r).rrsets as unknown[])).toHaveLength(12_000);
    });

    it('should serialise writes to one zone and run different zones in parallel', async () => {
      stub.handler = async (_req, res) => {
        await sleep(30);
        PdnsStubServer.noContent(res);
      };
      const change = (i: number): RrsetChange[] => [
        {
          name: `h${i}.serial.test.`,
          type: 'A',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.1' }],
        },
      ];
      await Promise.all(Array.from({ length: 5 }, (_, i) => service.patchRrsets('serial.test.', change(i))));
      expect(stub.requests).toHaveLength(5);
      expect(stub.maxInFlight).toBe(1);

      stub.reset();
      stub.handler = async (_req, res) => {
        await sleep(100);
        PdnsStubServer.noContent(res);
      };
      await Promise.all([
        service.patchRrsets('one.test.', [{ name: 'one.test.', type: 'TXT', changetype: 'DELETE' }]),
        service.patchRrsets('two.test.', [{ name: 'two.test.', type: 'TXT', changetype: 'DELETE' }]),
      ]);
      expect(stub.maxInFlight).toBe(2);
    });
  });

  describe('zone settings', () => {
    it('should refuse dnssec in a generic update (P5)', async () => {
      await expect(
        service.updateZone('u.test.', { dnssec: false } as unknown as UpdateZoneInput),
      ).rejects.toBeInstanceOf(PowerDnsInvalidRequestError);
      await expect(service.updateZone('u.test.', { soaEditApi: 'BOGUS' as never })).rejects.toBeInstanceOf(
        PowerDnsInvalidRequestError,
      );
      expect(stub.requests).toHaveLength(0);
    });

    it('should send only the given fields, in PowerDNS names', async () => {
      stub.handler = (_req, res) => PdnsStubServer.noContent(res);
      await service.updateZone('u.test.', { kind: 'Master', soaEditApi: 'EPOCH', nsec3param: '1 0 0 -' });
      expect(stub.requests[0].method).toBe('PUT');
      expect(body(stub.requests[0])).toEqual({
        kind: 'Master',
        soa_edit_api: 'EPOCH',
        nsec3param: '1 0 0 -',
      });
    });

    it('should unsign only through removeAllDnssecKeys', async () => {
      stub.handler = (_req, res) => PdnsStubServer.noContent(res);
      await service.removeAllDnssecKeys('u.test.');
      expect(body(stub.requests[0])).toEqual({ dnssec: false });
    });

    it('should map a notify refusal to a result, not an error', async () => {
      stub.handler = (_req, res) =>
        PdnsStubServer.rejected(res, 'Failed to add to the queue - see server log');
      await expect(service.notifyZone('n.test.')).resolves.toEqual({
        queued: false,
        reason: 'Failed to add to the queue - see server log',
      });
      stub.handler = (_req, res) => PdnsStubServer.json(res, 200, { result: 'Notification queued' });
      await expect(service.notifyZone('n.test.')).resolves.toEqual({ queued: true });
      expect(stub.requests[1].url).toBe(`${BASE}/zones/n.test./notify`);
    });

    it('should read, set and delete metadata', async () => {
      stub.handler = (req, res) =>
        req.method === 'DELETE'
          ? PdnsStubServer.plain(res, 200, '')
          : PdnsStubServer.json(res, 200, {
              kind: 'ALSO-NOTIFY',
              metadata: req.method === 'PUT' ? ['192.0.2.1'] : [],
              type: 'Metadata',
            });
      await expect(service.getMetadata('m.test.', 'ALSO-NOTIFY')).resolves.toEqual([]);
      await expect(service.setMetadata('m.test.', 'also-notify', ['192.0.2.1'])).resolves.toEqual([
        '192.0.2.1',
      ]);
      await service.deleteMetadata('m.test.', 'ALSO-NOTIFY');
      expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET ${BASE}/zones/m.test./metadata/ALSO-NOTIFY`,
        `PUT ${BASE}/zones/m.test./metadata/ALSO-NOTIFY`,
        `DELETE ${BASE}/zones/m.test./metadata/ALSO-NOTIFY`,
      ]);
      expect(body(stub.requests[1])).toEqual({ metadata: ['192.0.2.1'] });
      await expect(service.getMetadata('m.test.', '../zones')).rejects.toBeInstanceOf(
        PowerDnsInvalidRequestError,
      );
    });
  });

  describe('cryptokeys', () => {
    const key = {
      id: 7,
      keytype: 'zsk',
      flags: 256,
      active: true,
      published: true,
      algorithm: 'ECDSAP256SHA256',
      bits: 256,
      dnskey: '256 3 13 abc=',
      ds: [],
      privatekey: 'secret',
    };

    it('should create a key with the algorithm name for its number', async () => {
      stub.handler = (_req, res) => PdnsStubServer.json(res, 201, key);
      const created = await service.createCryptokey('k.test.', {
        keytype: 'zsk',
        active: true,
        algorithm: 13,
      });
      expect(body(stub.requests[0])).toEqual({
        keytype: 'zsk',
        active: true,
        published: true,
        algorithm: 'ECDSAP256SHA256',
      });
      expect(created).toMatchObject({ id: 7, keytype: 'zsk', algorithmNumber: 13 });
      expect(created).not.toHaveProperty('privatekey');
    });

    it('should validate keytype, algorithm and RSA bits before calling PowerDNS', async () => {
      const bad = [
        { keytype: 'big', active: true, algorithm: 13 },
        { keytype: 'ksk', active: true, algorithm: 7 },
        { keytype: 'ksk', active: true, algorithm: 'NOPE' },
        { keytype: 'ksk', active: true, algorithm: 'RSASHA256' },
        { keytype: 'ksk', active: true, algorithm: 'ED25519', bits: 1024 },
      ];
      for (const input of bad) {
        await expect(service.createCryptokey('k.test.', input as never)).rejects.toBeInstanceOf(
          PowerDnsInvalidRequestError,
        );
      }
      expect(stub.requests).toHaveLength(0);
    });

    it('should not retry a key creation that failed with 500 (it may have been created)', async () => {
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 500);
      await expect(
        service.createCryptokey('k.test.', {
          keytype: 'ksk',
          active: true,
          algorithm: 'RSASHA256',
          bits: 2048,
        }),
      ).rejects.toBeInstanceOf(PowerDnsServerError);
      expect(stub.requests).toHaveLength(1);
    });

    it('should keep the active flag when changing published', async () => {
      stub.handler = (req, res) =>
        req.method === 'GET'
          ? PdnsStubServer.json(res, 200, { ...key, active: false })
          : PdnsStubServer.noContent(res);
      await service.setCryptokeyPublished('k.test.', 7, false);
      expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET ${BASE}/zones/k.test./cryptokeys/7`,
        `PUT ${BASE}/zones/k.test./cryptokeys/7`,
      ]);
      expect(body(stub.requests[1])).toEqual({ active: false, published: false });
    });

    it('should return null / false for a missing key and refuse non-numeric ids', async () => {
      stub.handler = (_req, res) => PdnsStubServer.plain(res, 404);
      await expect(service.getCryptokey('k.test.', 99)).resolves.toBeNull();
      await expect(service.deleteCryptokey('k.test.', 99)).resolves.toBe(false);
      await expect(service.setCryptokeyActive('k.test.', 99, true)).rejects.toBeInstanceOf(
        PowerDnsNotFoundError,
      );
      await expect(service.getCryptokey('k.test.', 1.5)).rejects.toBeInstanceOf(PowerDnsInvalidRequestError);
    });
  });
});
