import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { promisify } from 'node:util';
import { pdnsZoneId } from 'src/powerdns/powerdns-names';
import { parseIp } from 'src/reverse-zones/cidr/ip-cidr';
import { reversePointer } from 'src/reverse-zones/cidr/reverse-names';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

type Who = 'admin' | 'alice' | 'carol';

interface ZoneBody {
  id: string;
  name: string;
  status: string;
  served: boolean;
  record_count: number;
  cidr: string | null;
  requested_cidr: string;
  start_ip: string;
  end_ip: string;
  ip_count: number;
  zones: { id: string; name: string; cidr: string; status: string }[];
  parent_delegation: {
    parent_zone: string;
    parent_domain_id: string | null;
    status: string;
    records_added: number;
  } | null;
  child_delegations: string[];
}

interface Ptr {
  id: string;
  ip: string;
  hostname: string;
  ttl: number;
}

const run = promisify(execFile);
const byte = () => randomInt(0, 256);
const hex16 = () => randomInt(0x1000, 0x10000).toString(16);
/** The PTR query name of an address (a direct PTR query reports REFUSED/NXDOMAIN; `reverse()` says ENOTFOUND for both). */
const ptrQuery = (ip: string) => reversePointer(parseIp(ip)!);

/**
 * Reverse zones against the real stack: each zone created from a CIDR must answer PTR queries on ScaiDNS's PowerDNS
 * for a PTR added by IP. The PowerDNS is shared with other suites and parallel runs, so every CIDR is random and
 * checked to be absent from PowerDNS first.
 */
describe('Reverse zones (e2e)', () => {
  let t: TestApp;
  let dns: Resolver;
  let digAvailable = false;
  const tokens: Record<Who, string> = { admin: '', alice: '', carol: '' };
  const createdIds: string[] = [];
  const nameservers = ['ns1.rz-e2e.test.', 'ns2.rz-e2e.test.'];
  const host = (label: string) => `${label}.rz-${randomBytes(3).toString('hex')}.example.net.`;

  const headers = (who: Who): Record<string, string> => ({
    Authorization: `Bearer ${tokens[who]}`,
    ...(who === 'admin' ? { 'X-Tenant-ID': 'tnt_acme' } : {}),
  });
  const http = (who: Who) => ({
    get: (path: string) => t.http().get(path).set(headers(who)),
    post: (path: string, body: object = {}) => t.http().post(path).set(headers(who)).send(body),
    delete: (path: string) => t.http().delete(path).set(headers(who)),
  });
  const base = '/api/v1/reverse-zones';

  const inPowerDns = async (zone: string): Promise<boolean> => {
    const response = await fetch(
      `${t.stack.pdns.apiUrl}/api/v1/servers/localhost/zones/${encodeURIComponent(pdnsZoneId(`${zone}.`))}?rrsets=false`,
      { headers: { 'X-API-Key': t.stack.pdns.apiKey } },
    );
    return response.status === 200;
  };

  /** A random CIDR whose zones (per the preview) no other run holds in the shared PowerDNS. */
  const freeCidr = async (make: () => string): Promise<string> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const cidr = make();
      const preview = await http('admin').post(`${base}/preview`, { cidr }).expect(200);
      const names = (preview.body.zones as { zone_name: string }[]).map((zone) => zone.zone_name);
      const taken = await Promise.all(names.map(inPowerDns));
      if (!taken.some(Boolean)) {
        return cidr;
      }
    }
    throw new Error('no free CIDR found');
  };

  const createZone = async (who: Who, cidr: string): Promise<ZoneBody> => {
    const response = await http(who).post(`${base}/`, { cidr, description: 'e2e' }).expect(201);
    const body = response.body as ZoneBody;
    createdIds.push(...body.zones.map((zone) => zone.id));
    return body;
  };

  const addPtr = async (zoneId: string, ip: string, hostname: string, status = 201) =>
    http('admin').post(`${base}/${zoneId}/ptr`, { ip, hostname }).expect(status);

  const dig = async (ip: string): Promise<string> => {
    const { stdout } = await run('dig', [
      '@127.0.0.1',
      '-p',
      String(t.stack.pdns.dnsPort),
      '+norec',
      '+short',
      '+time=2',
      '+tries=1',
      '-x',
      ip,
    ]);
    return stdout.trim();
  };

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_NAMESERVERS: nameservers.join(',') });
    dns = pdnsResolver(t.stack.pdns.dnsPort);
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as [Who, string][]) {
      tokens[who] = await userToken(t.stack, email);
      await http(who).get('/api/v1/auth/me').expect(200);
    }
    digAvailable = await run('dig', ['-v']).then(
      () => true,
      () => false,
    );
  });

  afterAll(async () => {
    for (const id of createdIds.reverse()) {
      await http('admin').delete(`/api/v1/domains/${id}?hard=true`);
    }
    await t?.close();
  });

  describe('preview', () => {
    it('should compute zone name, range and size for each supported prefix', async () => {
      const cases: [string, Record<string, unknown>][] = [
        [
          '10.0.0.0/8',
          {
            zone_name: '10.in-addr.arpa',
            start_ip: '10.0.0.0',
            end_ip: '10.255.255.255',
            ip_count: 16777216,
            domain_type: 'reverse_ipv4',
            classless: false,
            split: false,
          },
        ],
        [
          '10.0.0.0/16',
          { zone_name: '0.10.in-addr.arpa', start_ip: '10.0.0.0', end_ip: '10.0.255.255', ip_count: 65536 },
        ],
        [
          '192.0.2.0/24',
          {
            zone_name: '2.0.192.in-addr.arpa',
            start_ip: '192.0.2.0',
            end_ip: '192.0.2.255',
            ip_count: 256,
            parent_zone: null,
          },
        ],
        [
          '192.0.2.64/26',
          {
            zone_name: '64-26.2.0.192.in-addr.arpa',
            start_ip: '192.0.2.64',
            end_ip: '192.0.2.127',
            ip_count: 64,
            classless: true,
            parent_zone: '2.0.192.in-addr.arpa',
          },
        ],
        [
          '192.0.2.9/32',
          { zone_name: '9-32.2.0.192.in-addr.arpa', start_ip: '192.0.2.9', end_ip: '192.0.2.9', ip_count: 1 },
        ],
        [
          '2001:db8:abcd::/48',
          {
            zone_name: 'd.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa',
            start_ip: '2001:db8:abcd::',
            end_ip: '2001:db8:abcd:ffff:ffff:ffff:ffff:ffff',
            ip_count_exact: (1n << 80n).toString(),
            domain_type: 'reverse_ipv6',
          },
        ],
        [
          '2001:db8:abcd:12::/64',
          {
            zone_name: '2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa',
            start_ip: '2001:db8:abcd:12::',
            end_ip: '2001:db8:abcd:12:ffff:ffff:ffff:ffff',
            ip_count_exact: '18446744073709551616',
          },
        ],
      ];
      for (const [cidr, expected] of cases) {
        const response = await http('admin').post(`${base}/preview`, { cidr }).expect(200);
        expect(response.body).toMatchObject({ ...expected, cidr, split: expected.split ?? false });
        expect(response.body.zones).toHaveLength(1);
      }
    });

    it('should list the covering /24 zones of a /20 and the /16 zones of a /12', async () => {
      const response = await http('alice').post(`${base}/preview`, { cidr: '10.1.16.0/20' }).expect(200);
      expect(response.body).toMatchObject({
        zone_name: '16.1.10.in-addr.arpa',
        start_ip: '10.1.16.0',
        end_ip: '10.1.31.255',
        ip_count: 4096,
        split: true,
      });
      expect(response.body.zones).toHaveLength(16);
      expect(response.body.zones[15]).toEqual({
        zone_name: '31.1.10.in-addr.arpa',
        cidr: '10.1.31.0/24',
        start_ip: '10.1.31.0',
        end_ip: '10.1.31.255',
        ip_count: 256,
        ip_count_exact: '256',
      });
      const wide = await http('alice').post(`${base}/preview`, { cidr: '172.16.0.0/12' }).expect(200);
      expect(wide.body.zones.map((zone: { zone_name: string }) => zone.zone_name)).toEqual(
        Array.from({ length: 16 }, (_, index) => `${16 + index}.172.in-addr.arpa`),
      );
    });

    it('should refuse malformed and unsupported CIDRs with 400 and say why', async () => {
      const nibble = await http('admin').post(`${base}/preview`, { cidr: '2001:db8::/50' }).expect(400);
      expect(nibble.body.detail).toBe(
        'IPv6 prefixes must be a multiple of 4 (nibble boundary): /50 is not supported, use /48 or /52',
      );
      const cases: [string, string][] = [
        ['banana', 'is not a CIDR'],
        ['10.0.0/8', "'10.0.0' is not an IPv4 or IPv6 address"],
        ['10.0.0.0/33', 'from 0 to 32'],
        ['192.0.2.1/24', 'host bits set: the network is 192.0.2.0/24'],
        ['10.0.0.0/7', '/8 or longer'],
        ['192.0.2.0', 'prefix length'],
      ];
      for (const [cidr, reason] of cases) {
        const response = await http('admin').post(`${base}/preview`, { cidr }).expect(400);
        expect(response.body.detail).toContain(reason);
        await http('admin').post(`${base}/`, { cidr }).expect(400);
      }
      await http('admin').post(`${base}/`, { cidr: '2001:db8::/50' }).expect(400);
      await http('admin').post(`${base}/preview`, {}).expect(422);
    });
  });

  describe('zones that answer PTR queries', () => {
    let zone8: ZoneBody;
    let zone16: ZoneBody;
    let parent24: ZoneBody;
    let classless26: ZoneBody;
    let split20: ZoneBody;
    let zone48: ZoneBody;
    let zone64: ZoneBody;
    const ips: Record<string, string> = {};
    const hosts: Record<string, string> = {};

    it('should create a /8 zone whose PTR is answered', async () => {
      const cidr = await freeCidr(() => `${randomInt(33, 100)}.0.0.0/8`);
      const a = cidr.split('.')[0];
      zone8 = await createZone('admin', cidr);
      expect(zone8).toMatchObject({
        name: `${a}.in-addr.arpa`,
        domain_type: 'reverse_ipv4',
        status: 'active',
        served: true,
        cidr,
        requested_cidr: cidr,
        start_ip: `${a}.0.0.0`,
        end_ip: `${a}.255.255.255`,
        ip_count: 16777216,
        parent_delegation: null,
        nameservers,
      });
      expect(zone8.zones).toHaveLength(1);
      ips.v8 = `${a}.${byte()}.${byte()}.${randomInt(1, 255)}`;
      hosts.v8 = host('eight');
      const ptr = await addPtr(zone8.id, ips.v8, hosts.v8.replace(/\.$/, ''));
      expect(ptr.body).toEqual({ id: expect.any(String), ip: ips.v8, hostname: hosts.v8, ttl: 3600 });
      expect(await dns.reverse(ips.v8)).toEqual([hosts.v8.replace(/\.$/, '')]);
      await addPtr(zone8.id, `${Number(a) + 1}.0.0.1`, host('outside'), 400);
    });

    it('should create a /16 zone whose PTR is answered', async () => {
      const cidr = await freeCidr(() => `100.${randomInt(64, 128)}.0.0/16`);
      const [, b] = cidr.split('.');
      zone16 = await createZone('admin', cidr);
      expect(zone16).toMatchObject({
        name: `${b}.100.in-addr.arpa`,
        status: 'active',
        cidr,
        start_ip: `100.${b}.0.0`,
        end_ip: `100.${b}.255.255`,
        ip_count: 65536,
      });
      ips.v16 = `100.${b}.${randomInt(0, 250)}.${randomInt(1, 255)}`;
      hosts.v16 = host('sixteen');
      await addPtr(zone16.id, ips.v16, hosts.v16);
      expect(await dns.reverse(ips.v16)).toEqual([hosts.v16.replace(/\.$/, '')]);
      const outside = await addPtr(
        zone16.id,
        `100.${Number(b) === 127 ? 126 : Number(b) + 1}.0.1`,
        host('outside'),
        400,
      );
      expect(outside.body.detail).toContain(`is outside ${cidr}`);
    });

    it('should delegate an RFC 2317 /26 from its /24 parent, so the parent CNAME answers the PTR', async () => {
      const cidr24 = await freeCidr(() => `198.${randomInt(18, 20)}.${byte()}.0/24`);
      const prefix = cidr24.replace(/\.0\/24$/, '');
      const [, b, c] = prefix.split('.');
      const parentName = `${c}.${b}.198.in-addr.arpa`;
      expect(await inPowerDns(`64-26.${parentName}`)).toBe(false);
      parent24 = await createZone('admin', cidr24);
      expect(parent24).toMatchObject({ name: parentName, status: 'active', child_delegations: [] });

      classless26 = await createZone('admin', `${prefix}.64/26`);
      expect(classless26).toMatchObject({
        name: `64-26.${parentName}`,
        status: 'active',
        cidr: `${prefix}.64/26`,
        start_ip: `${prefix}.64`,
        end_ip: `${prefix}.127`,
        ip_count: 64,
        parent_delegation: {
          parent_zone: parentName,
          parent_domain_id: parent24.id,
          status: 'delegated',
          records_added: 64 + nameservers.length,
        },
      });

      // The parent holds a CNAME per address and NS for the classless label, in ScaiDNS and in PowerDNS.
      const records = await http('admin').get(`/api/v1/domains/${parent24.id}/records`).expect(200);
      const rows = records.body.data as { name: string; type: string; content: string }[];
      expect(rows.filter((row) => row.type === 'CNAME')).toHaveLength(64);
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: `70.${parentName}`,
            type: 'CNAME',
            content: `70.64-26.${parentName}.`,
          }),
          expect.objectContaining({ name: `64-26.${parentName}`, type: 'NS', content: nameservers[0] }),
        ]),
      );
      expect(await dns.resolveCname(`70.${parentName}`)).toEqual([`70.64-26.${parentName}`]);
      expect((await dns.resolveNs(`64-26.${parentName}`)).sort()).toEqual(
        nameservers.map((ns) => ns.replace(/\.$/, '')),
      );

      ips.v26 = `${prefix}.70`;
      hosts.v26 = host('classless');
      const ptr = await addPtr(classless26.id, ips.v26, hosts.v26);
      expect(ptr.body).toMatchObject({ ip: ips.v26, hostname: hosts.v26 });
      expect(await dns.resolvePtr(`70.64-26.${parentName}`)).toEqual([hosts.v26.replace(/\.$/, '')]);
      // A reverse lookup of the address asks the parent, which answers through its CNAME.
      expect(await dns.reverse(ips.v26)).toEqual([hosts.v26.replace(/\.$/, '')]);
      if (digAvailable) {
        const answer = await dig(ips.v26);
        expect(answer.split('\n')).toEqual([`70.64-26.${parentName}.`, hosts.v26]);
      }

      // Addresses of the /24 outside the /26 stay in the parent; the parent cannot hold a PTR where its CNAME is.
      await addPtr(classless26.id, `${prefix}.10`, host('outside'), 400);
      await addPtr(parent24.id, ips.v26, host('shadow'), 409);
      ips.v24 = `${prefix}.10`;
      hosts.v24 = host('parent');
      await addPtr(parent24.id, ips.v24, hosts.v24);
      expect(await dns.reverse(ips.v24)).toEqual([hosts.v24.replace(/\.$/, '')]);

      // A second classless zone overlapping the first is refused.
      await http('admin')
        .post(`${base}/`, { cidr: `${prefix}.64/27` })
        .expect(409);
    });

    it('should delegate a classless zone created before its /24 parent when the parent is created', async () => {
      const cidr24 = await freeCidr(() => `198.${randomInt(18, 20)}.${byte()}.0/24`);
      const prefix = cidr24.replace(/\.0\/24$/, '');
      const parentName = `${prefix.split('.').reverse().join('.')}.in-addr.arpa`;
      const child = await createZone('admin', `${prefix}.32/27`);
      expect(child.parent_delegation).toEqual({
        parent_zone: parentName,
        parent_domain_id: null,
        status: 'parent_not_in_tenant',
        records_added: 0,
      });
      const hostname = host('early');
      await addPtr(child.id, `${prefix}.33`, hostname);
      // Without the parent nothing answers for the address itself.
      expect(await dnsOutcome(dns.resolvePtr(ptrQuery(`${prefix}.33`)))).toBe('EREFUSED');

      const parent = await createZone('admin', cidr24);
      expect(parent.child_delegations).toEqual([`32-27.${parentName}`]);
      expect(parent.record_count).toBe(32 + nameservers.length);
      expect(await dns.reverse(`${prefix}.33`)).toEqual([hostname.replace(/\.$/, '')]);
    });

    it('should split a /20 into the sixteen /24 zones covering it, each answering', async () => {
      const cidr = await freeCidr(() => `10.${byte()}.${randomInt(0, 16) * 16}.0/20`);
      const [, b, c] = cidr.split('.');
      split20 = await createZone('admin', cidr);
      expect(split20.zones).toHaveLength(16);
      expect(split20.zones.map((zone) => zone.name)).toEqual(
        Array.from({ length: 16 }, (_, index) => `${Number(c) + index}.${b}.10.in-addr.arpa`),
      );
      expect(split20).toMatchObject({
        name: `${c}.${b}.10.in-addr.arpa`,
        cidr: `10.${b}.${c}.0/24`,
        requested_cidr: cidr,
        start_ip: `10.${b}.${c}.0`,
        end_ip: `10.${b}.${Number(c) + 15}.255`,
        ip_count: 4096,
      });
      expect(split20.zones.every((zone) => zone.status === 'active')).toBe(true);

      const fifth = split20.zones[4];
      ips.v20 = `10.${b}.${Number(c) + 4}.${randomInt(1, 255)}`;
      hosts.v20 = host('split');
      await addPtr(fifth.id, ips.v20, hosts.v20);
      expect(await dns.reverse(ips.v20)).toEqual([hosts.v20.replace(/\.$/, '')]);
      await addPtr(split20.zones[0].id, ips.v20, host('wrong-zone'), 400);

      const found = await http('admin')
        .get(`${base}/?search=${encodeURIComponent(`10.${b}.${Number(c) + 4}.0/24`)}`)
        .expect(200);
      expect(found.body.data.map((zone: { id: string }) => zone.id)).toEqual([fifth.id]);
      const listed = await http('admin')
        .get(`${base}/?search=.${b}.10.in-addr.arpa&page_size=100`)
        .expect(200);
      expect(listed.body.total).toBe(16);
      expect(listed.body.data[0]).toMatchObject({
        domain_type: 'reverse_ipv4',
        cidr: expect.stringMatching(/\/24$/),
      });
    });

    it('should create IPv6 /48 and /64 zones, answer their PTRs and delete PTRs by URL-encoded IP', async () => {
      const cidr48 = await freeCidr(() => `2001:db8:${hex16()}::/48`);
      zone48 = await createZone('admin', cidr48);
      expect(zone48).toMatchObject({
        domain_type: 'reverse_ipv6',
        status: 'active',
        cidr: cidr48,
        start_ip: cidr48.replace('/48', ''),
      });
      expect(zone48.name.split('.')).toHaveLength(12 + 2);
      const cidr64 = await freeCidr(() => `2001:db8:${hex16()}:${hex16()}::/64`);
      zone64 = await createZone('admin', cidr64);
      expect(zone64.name.split('.')).toHaveLength(16 + 2);

      ips.v48 = `${cidr48.replace('::/48', '')}:${hex16()}::${hex16()}`;
      ips.v64 = `${cidr64.replace('::/64', '')}::${hex16()}`;
      hosts.v48 = host('six48');
      hosts.v64 = host('six64');
      await addPtr(zone48.id, ips.v48, hosts.v48);
      await addPtr(zone64.id, ips.v64.toUpperCase(), hosts.v64);
      expect(await dns.reverse(ips.v48)).toEqual([hosts.v48.replace(/\.$/, '')]);
      expect(await dns.reverse(ips.v64)).toEqual([hosts.v64.replace(/\.$/, '')]);
      await addPtr(zone64.id, '2001:db8::1', host('outside'), 400);

      // Delete by IP (URL-encoded): gone from DNS; a second delete finds nothing.
      const extra = `${cidr64.replace('::/64', '')}::ab:cd`;
      await addPtr(zone64.id, extra, host('gone'));
      await http('admin')
        .delete(`${base}/${zone64.id}/ptr/${encodeURIComponent(extra)}`)
        .expect(204);
      expect(await dnsOutcome(dns.resolvePtr(ptrQuery(extra)))).toBe('ENOTFOUND');
      await http('admin')
        .delete(`${base}/${zone64.id}/ptr/${encodeURIComponent(extra)}`)
        .expect(404);
      await http('admin')
        .delete(`${base}/${zone64.id}/ptr/${encodeURIComponent('2001:db8::1')}`)
        .expect(400);
      await http('admin').delete(`${base}/${zone64.id}/ptr/not-an-ip`).expect(400);
      // The other PTR of the zone is untouched.
      expect(await dns.reverse(ips.v64)).toEqual([hosts.v64.replace(/\.$/, '')]);
    });

    it('should delete IPv4 PTRs by IP, including in a classless zone', async () => {
      const ip = ips.v26.replace(/\.70$/, '.71');
      await addPtr(classless26.id, ip, host('temp'));
      expect(await dnsOutcome(dns.reverse(ip))).toBe('OK');
      await http('admin').delete(`${base}/${classless26.id}/ptr/${ip}`).expect(204);
      expect(await dnsOutcome(dns.resolvePtr(`71.${classless26.name}`))).toBe('ENOTFOUND');
      expect(
        (await http('admin').get(`${base}/${classless26.id}/ptr?search=${ip}`).expect(200)).body.total,
      ).toBe(0);
      await http('admin').delete(`${base}/${classless26.id}/ptr/${ip}`).expect(404);
    });

    it("should look up the PTR of an IP across the tenant's reverse zones, and 404 otherwise", async () => {
      const classless = await http('admin').get(`${base}/lookup/${ips.v26}`).expect(200);
      expect(classless.body).toEqual({
        id: expect.any(String),
        ip: ips.v26,
        hostname: hosts.v26,
        ttl: 3600,
        domain_id: classless26.id,
        domain_name: classless26.name,
        ptr_name: `70.${classless26.name}`,
      });
      for (const [key, zone] of [
        ['v8', zone8],
        ['v16', zone16],
        ['v24', parent24],
        ['v48', zone48],
      ] as [string, ZoneBody][]) {
        const found = await http('admin')
          .get(`${base}/lookup/${encodeURIComponent(ips[key])}`)
          .expect(200);
        expect(found.body).toMatchObject({ ip: ips[key], hostname: hosts[key], domain_id: zone.id });
      }
      const split = await http('admin').get(`${base}/lookup/${ips.v20}`).expect(200);
      expect(split.body.domain_id).toBe(split20.zones[4].id);
      const v6 = await http('admin')
        .get(`${base}/lookup/${encodeURIComponent(ips.v64.toUpperCase())}`)
        .expect(200);
      expect(v6.body).toMatchObject({ ip: ips.v64, hostname: hosts.v64, domain_id: zone64.id });

      // Inside a zone without a PTR, outside every zone, not an address.
      await http('admin')
        .get(`${base}/lookup/${ips.v26.replace(/\.70$/, '.99')}`)
        .expect(404);
      await http('admin')
        .get(`${base}/lookup/203.0.113.${randomInt(1, 255)}`)
        .expect(404);
      await http('admin').get(`${base}/lookup/not-an-ip`).expect(400);
    });

    it('should create bulk PTRs atomically: one bad entry and nothing is created', async () => {
      const [, b] = zone16.cidr!.split('.');
      const before = (await http('admin').get(`${base}/${zone16.id}/ptr`).expect(200)).body.total as number;
      const good = [1, 2, 3].map((n) => ({ ip: `100.${b}.250.${n}`, hostname: host(`bulk${n}`) }));
      const rejected = await http('admin')
        .post(`${base}/${zone16.id}/ptr/bulk`, {
          records: [
            ...good,
            { ip: '192.0.2.1', hostname: host('bad') },
            { ip: `100.${b}.250.9`, hostname: 'not a host' },
          ],
        })
        .expect(400);
      expect(rejected.body.detail.errors).toEqual([
        expect.objectContaining({ index: 3, ip: '192.0.2.1', error: expect.stringContaining('outside') }),
        expect.objectContaining({ index: 4 }),
      ]);
      expect((await http('admin').get(`${base}/${zone16.id}/ptr`).expect(200)).body.total).toBe(before);
      expect(await dnsOutcome(dns.resolvePtr(ptrQuery(good[0].ip)))).toBe('ENOTFOUND');

      // A conflict found only at write time (the same PTR twice) refuses the whole batch as well.
      await http('admin')
        .post(`${base}/${zone16.id}/ptr/bulk`, { records: [...good, good[0]] })
        .expect(400);
      expect((await http('admin').get(`${base}/${zone16.id}/ptr`).expect(200)).body.total).toBe(before);

      const created = await http('admin')
        .post(`${base}/${zone16.id}/ptr/bulk`, { records: good.map((entry) => ({ ...entry, ttl: 600 })) })
        .expect(200);
      expect(created.body.total_created).toBe(3);
      expect(created.body.created).toEqual(
        good.map((entry) => ({ id: expect.any(String), ip: entry.ip, hostname: entry.hostname, ttl: 600 })),
      );
      for (const entry of good) {
        expect(await dns.reverse(entry.ip)).toEqual([entry.hostname.replace(/\.$/, '')]);
      }
    });

    it('should list PTRs in address order with search by IP or hostname and paging', async () => {
      const [, b] = zone16.cidr!.split('.');
      const all = await http('admin').get(`${base}/${zone16.id}/ptr`).expect(200);
      expect(all.body).toMatchObject({ total: 4, page: 1, page_size: 50 });
      const listed = all.body.data as Ptr[];
      expect(listed.slice(-3).map((ptr) => ptr.ip)).toEqual([1, 2, 3].map((n) => `100.${b}.250.${n}`));

      const paged = await http('admin').get(`${base}/${zone16.id}/ptr?page=2&page_size=3`).expect(200);
      expect(paged.body).toMatchObject({ total: 4, page: 2, page_size: 3 });
      expect(paged.body.data).toEqual([listed[3]]);

      const byIp = await http('admin').get(`${base}/${zone16.id}/ptr?search=100.${b}.250.2`).expect(200);
      expect(byIp.body.data.map((ptr: Ptr) => ptr.ip)).toEqual([`100.${b}.250.2`]);
      const byHost = await http('admin').get(`${base}/${zone16.id}/ptr?search=sixteen`).expect(200);
      expect(byHost.body.data).toEqual([expect.objectContaining({ ip: ips.v16, hostname: hosts.v16 })]);

      const v6 = await http('admin')
        .get(`${base}/${zone48.id}/ptr?search=${encodeURIComponent(ips.v48.toUpperCase())}`)
        .expect(200);
      expect(v6.body.data).toEqual([expect.objectContaining({ ip: ips.v48, hostname: hosts.v48 })]);
    });

    it('should return 404 to another tenant on every route and keep lookups tenant-scoped', async () => {
      const carol = http('carol');
      await carol.get(`${base}/${zone16.id}/ptr`).expect(404);
      await carol.post(`${base}/${zone16.id}/ptr`, { ip: ips.v16, hostname: host('carol') }).expect(404);
      await carol
        .post(`${base}/${zone16.id}/ptr/bulk`, { records: [{ ip: ips.v16, hostname: host('carol') }] })
        .expect(404);
      await carol.delete(`${base}/${zone16.id}/ptr/${ips.v16}`).expect(404);
      await carol.delete(`${base}/${zone64.id}/ptr/${encodeURIComponent(ips.v64)}`).expect(404);
      await carol.get(`${base}/lookup/${ips.v16}`).expect(404);
      await carol.get(`${base}/lookup/${ips.v26}`).expect(404);
      await carol.get(`${base}/lookup/${encodeURIComponent(ips.v64)}`).expect(404);
      const list = await carol.get(`${base}/`).expect(200);
      const acmeIds = new Set(createdIds);
      expect(list.body.data.filter((zone: { id: string }) => acmeIds.has(zone.id))).toEqual([]);
      // Nothing changed for acme.
      expect(await dns.reverse(ips.v16)).toEqual([hosts.v16.replace(/\.$/, '')]);
      expect((await http('admin').get(`${base}/lookup/${ips.v16}`).expect(200)).body.hostname).toBe(
        hosts.v16,
      );
    });

    it('should refuse PTR routes on a zone that is not a reverse zone', async () => {
      const name = `rz-fwd-${randomBytes(4).toString('hex')}.test`;
      const forward = await http('admin')
        .post('/api/v1/domains/', { name, domain_type: 'primary' })
        .expect(201);
      createdIds.push(forward.body.id as string);
      await http('admin').get(`${base}/${forward.body.id}/ptr`).expect(404);
      await http('admin')
        .post(`${base}/${forward.body.id}/ptr`, { ip: '192.0.2.1', hostname: host('x') })
        .expect(404);
    });

    it('should refuse to create a zone the tenant already has', async () => {
      const again = await http('admin').post(`${base}/`, { cidr: zone16.cidr }).expect(409);
      expect(again.body.detail).toBe(`Reverse zone ${zone16.name} already exists`);
      // A /20 overlapping one existing /24 creates none of its zones.
      const [, b, c] = split20.cidr!.split('.');
      await http('admin')
        .post(`${base}/`, { cidr: `10.${b}.${c}.0/23` })
        .expect(409);
    });
  });

  describe('validation', () => {
    it('should create a pending_validation zone for a caller without validation:bypass, stored but not served', async () => {
      const cidr = await freeCidr(() => `10.${byte()}.${byte()}.0/24`);
      const prefix = cidr.replace(/\.0\/24$/, '');
      const zone = await createZone('alice', cidr);
      expect(zone).toMatchObject({
        status: 'pending_validation',
        served: false,
        cidr,
        domain_type: 'reverse_ipv4',
      });
      expect(await inPowerDns(zone.name)).toBe(false);
      const ip = `${prefix}.${randomInt(1, 255)}`;
      const ptr = await http('alice')
        .post(`${base}/${zone.id}/ptr`, { ip, hostname: host('pending') })
        .expect(201);
      expect(ptr.body.ip).toBe(ip);
      expect(await dnsOutcome(dns.resolvePtr(ptrQuery(ip)))).toBe('EREFUSED');
      const listed = await http('alice')
        .get(`${base}/?search=${encodeURIComponent(cidr)}`)
        .expect(200);
      expect(listed.body.data).toEqual([
        expect.objectContaining({ id: zone.id, status: 'pending_validation' }),
      ]);
      const challenge = await http('alice').get(`/api/v1/domains/${zone.id}/validation`).expect(200);
      expect(challenge.body).toMatchObject({ status: 'pending', validation_type: 'txt_record' });
    });
  });
});
