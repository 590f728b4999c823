import { randomBytes, randomUUID } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { testStack } from 'test/utils/test-stack';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

jest.setTimeout(180_000);

interface RecordBody {
  id: string;
  name: string;
  display_name: string;
  type: string;
  content: string;
  ttl: number;
  disabled: boolean;
  domain_id: string;
  system: boolean;
  created_at: string;
}

interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
}

interface Zone {
  id: string;
  name: string;
  fqdn: string;
}

const suffix = (): string => randomBytes(4).toString('hex');
const ids = (records: { id: string }[]): string[] => records.map((record) => record.id).sort();

/**
 * The records API end to end (real MariaDB, Redis, two PowerDNS, the development IdP): listing, reads, writes,
 * bulk operations, conflicts, the pending-zone rule, per-zone serialisation, "a write reaches both stores or
 * neither", and tenant isolation. Every DNS assertion asks ScaiDNS's own PowerDNS over the wire.
 */
describe('Records API (e2e)', () => {
  let t: TestApp;
  let dns: Resolver;
  let upstream: UpstreamDns;
  const tokens: Record<'admin' | 'alice' | 'bob' | 'carol', string> = {
    admin: '',
    alice: '',
    bob: '',
    carol: '',
  };
  const nameservers = ['ns1.records-e2e.test.', 'ns2.records-e2e.test.'];

  /** Requests as one of the demo users; the platform admin acts inside acme through X-Tenant-ID. */
  const as = (who: keyof typeof tokens) => {
    const headers = (request: ReturnType<ReturnType<TestApp['http']>['get']>) => {
      request.set('Authorization', `Bearer ${tokens[who]}`);
      return who === 'admin' ? request.set('X-Tenant-ID', 'tnt_acme') : request;
    };
    return {
      get: (path: string) => headers(t.http().get(path)),
      post: (path: string, body: unknown = {}) => headers(t.http().post(path)).send(body as object),
      patch: (path: string, body: unknown) => headers(t.http().patch(path)).send(body as object),
      delete: (path: string) => headers(t.http().delete(path)),
    };
  };
  const admin = () => as('admin');
  const records = (zone: Zone, rest = '') => `/api/v1/domains/${zone.id}/records${rest}`;

  /** An active, published zone of tenant acme (the platform admin holds validation:bypass). */
  const newZone = async (prefix: string): Promise<Zone> => {
    const name = `${prefix}-${suffix()}.test`;
    const response = await admin()
      .post('/api/v1/domains/', { name, domain_type: 'primary', default_ttl: 300 })
      .expect(201);
    expect(response.body).toMatchObject({ name, status: 'active' });
    return { id: response.body.id as string, name, fqdn: `${name}.` };
  };
  const create = async (zone: Zone, body: object): Promise<RecordBody> =>
    (await admin().post(records(zone), body).expect(201)).body as RecordBody;

  const db = () => t.app.get(DataSource);
  const rowsOf = (zone: Zone) =>
    db().query<{ id: string; name: string; type: string; content: string; disabled: number }[]>(
      'SELECT id, name, type, content, disabled FROM records WHERE domain_id = ? ORDER BY name, type, content',
      [zone.id],
    );
  const rowCount = async (zone: Zone): Promise<number> => (await rowsOf(zone)).length;

  const pdns = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${t.stack.pdns.apiUrl}/api/v1/servers/localhost${path}`, {
      method,
      headers: { 'X-API-Key': t.stack.pdns.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** The zone's rrsets in ScaiDNS's PowerDNS, or null when PowerDNS does not have the zone. */
  const pdnsRrsets = async (zone: Zone): Promise<PdnsRrset[] | null> => {
    const response = await pdns('GET', `/zones/${zone.fqdn}`);
    if (response.status === 404) {
      return null;
    }
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rrsets: PdnsRrset[] };
    return body.rrsets.sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));
  };
  /** The rrsets without the SOA, whose serial PowerDNS bumps on every change. */
  const pdnsData = async (zone: Zone): Promise<PdnsRrset[]> =>
    ((await pdnsRrsets(zone)) ?? []).filter((rrset) => rrset.type !== 'SOA');
  /** Writes straight into PowerDNS behind ScaiDNS's back (drift), to make PowerDNS refuse a change ScaiDNS accepts. */
  const pdnsPatch = async (zone: Zone, rrsets: object[]): Promise<void> => {
    const response = await pdns('PATCH', `/zones/${zone.fqdn}`, { rrsets });
    expect(response.status).toBe(204);
  };
  const a = (name: string) => dns.resolve4(name).then((list) => list.sort());
  const notAnswered = async (name: string, type = 'A'): Promise<void> => {
    expect([name, await dnsOutcome(dns.resolve(name, type))]).toEqual([
      name,
      expect.stringMatching(/^(ENOTFOUND|ENODATA)$/),
    ]);
  };

  beforeAll(async () => {
    t = await createTestApp({
      ...upstreamResolverEnv(testStack()),
      PLATFORM_NAMESERVERS: nameservers.join(','),
    });
    dns = pdnsResolver(t.stack.pdns.dnsPort);
    upstream = new UpstreamDns(t.stack);
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as const) {
      tokens[who] = await userToken(t.stack, email);
    }
  });

  afterAll(async () => {
    dns.cancel();
    await t.close();
  });

  describe('listing and reading', () => {
    let zone: Zone;
    let all: RecordBody[];
    const seed = (name: string) => [
      { name: 'www', type: 'A', content: '192.0.2.1' },
      { name: 'www', type: 'A', content: '192.0.2.2' },
      { name: 'api', type: 'A', content: '192.0.2.3' },
      { name: 'www', type: 'AAAA', content: '2001:db8::1' },
      { name: '@', type: 'MX', content: '10 mail.example.net' },
      { name: '@', type: 'TXT', content: 'v=spf1 -all' },
      { name: 'shop', type: 'CNAME', content: `www.${name}.` },
      { name: '_sip._tcp', type: 'SRV', content: '10 60 5060 sip.example.net.' },
      { name: '_dmarc', type: 'TXT', content: 'v=DMARC1; p=none' },
      { name: 'mail', type: 'A', content: '192.0.2.25', ttl: 600 },
      { name: '@', type: 'CAA', content: '0 issue "letsencrypt.org"' },
      { name: 'dev', type: 'NS', content: 'ns1.example.net.' },
    ];

    beforeAll(async () => {
      zone = await newZone('list');
      const bulk = await admin()
        .post(records(zone, '/bulk'), { records: seed(zone.name) })
        .expect(200);
      expect(bulk.body).toMatchObject({ total_created: 12, total_errors: 0, errors: [] });
      all = (await admin().get(records(zone)).expect(200)).body.data as RecordBody[];
    });

    it('should list every record with the documented fields and no system records by default', async () => {
      const response = await admin().get(records(zone)).expect(200);
      expect(response.body).toMatchObject({ total: 12, domain_id: zone.id, domain_name: zone.name });
      expect(response.body.data).toHaveLength(12);
      for (const record of response.body.data as RecordBody[]) {
        expect(record).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: expect.stringMatching(new RegExp(`${zone.name.replace(/\./g, '\\.')}$`)),
          display_name: expect.any(String),
          type: expect.any(String),
          content: expect.any(String),
          ttl: expect.any(Number),
          disabled: false,
          domain_id: zone.id,
          system: false,
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
          updated_at: expect.stringMatching(/Z$/),
        });
      }
      expect(all.find((record) => record.type === 'MX')).toMatchObject({
        name: zone.name,
        display_name: '@',
        content: '10 mail.example.net.',
        ttl: 300,
      });
      expect(all.find((record) => record.display_name === 'mail')).toMatchObject({
        name: `mail.${zone.name}`,
        ttl: 600,
      });
      expect(all.find((record) => record.type === 'TXT' && record.display_name === '@')?.content).toBe(
        '"v=spf1 -all"',
      );
    });

    it('should paginate with page and page_size', async () => {
      const pages: RecordBody[][] = [];
      for (const page of [1, 2, 3, 4]) {
        const response = await admin()
          .get(records(zone, `?page=${page}&page_size=5`))
          .expect(200);
        expect(response.body).toMatchObject({ total: 12, page, page_size: 5 });
        pages.push(response.body.data as RecordBody[]);
      }
      expect(pages.map((page) => page.length)).toEqual([5, 5, 2, 0]);
      expect(ids(pages.flat())).toEqual(ids(all));
      expect(pages.flat().map((record) => record.id)).toEqual(all.map((record) => record.id));
      for (const query of [
        'page=0',
        'page_size=0',
        'page_size=abc',
        'page=-1',
        'page_size=100000',
        'include_system=maybe',
      ]) {
        const response = await admin()
          .get(records(zone, `?${query}`))
          .expect(422);
        expect(Array.isArray(response.body.detail)).toBe(true);
      }
    });

    it('should filter by type (case-insensitive) and by a substring of the name', async () => {
      const byType = async (type: string) =>
        (
          await admin()
            .get(records(zone, `?type=${type}`))
            .expect(200)
        ).body;
      expect((await byType('A')).total).toBe(4);
      expect(ids((await byType('a')).data)).toEqual(ids((await byType('A')).data));
      expect((await byType('TXT')).data.map((record: RecordBody) => record.display_name).sort()).toEqual([
        '@',
        '_dmarc',
      ]);
      expect((await byType('PTR')).total).toBe(0);
      const unknown = await admin().get(records(zone, '?type=FOO')).expect(422);
      expect(JSON.stringify(unknown.body.detail)).toContain('type');

      const byName = async (name: string) =>
        (
          await admin()
            .get(records(zone, `?name=${encodeURIComponent(name)}`))
            .expect(200)
        ).body;
      const www = await byName('ww');
      expect(www.total).toBe(3);
      expect(www.data.map((record: RecordBody) => `${record.display_name} ${record.type}`).sort()).toEqual([
        'www A',
        'www A',
        'www AAAA',
      ]);
      expect(ids((await byName('WWW')).data)).toEqual(ids(www.data));
      expect((await byName('_sip')).data.map((record: RecordBody) => record.type)).toEqual(['SRV']);
      // `_` and `%` are literal characters, not LIKE wildcards.
      expect((await byName('_')).total).toBe(2);
      expect((await byName('%')).total).toBe(0);
      expect((await byName('www')).data.every((record: RecordBody) => record.name.includes('www'))).toBe(
        true,
      );
      const both = await admin().get(records(zone, '?type=AAAA&name=www')).expect(200);
      expect(both.body.data.map((record: RecordBody) => record.type)).toEqual(['AAAA']);
    });

    it('should add the SOA and platform NS as system records with include_system, on every page combination', async () => {
      const response = await admin().get(records(zone, '?include_system=true')).expect(200);
      expect(response.body.total).toBe(15);
      const system = (response.body.data as RecordBody[]).filter((record) => record.system);
      expect(system.map((record) => record.type).sort()).toEqual(['NS', 'NS', 'SOA']);
      expect(
        system
          .filter((record) => record.type === 'NS')
          .map((record) => record.content)
          .sort(),
      ).toEqual(nameservers);
      for (const record of system) {
        expect(record).toMatchObject({
          name: zone.name,
          display_name: '@',
          domain_id: zone.id,
          disabled: false,
          system: true,
        });
      }
      const soa = await dns.resolveSoa(zone.name);
      expect(system.find((record) => record.type === 'SOA')!.content).toBe(
        `${soa.nsname}. ${soa.hostmaster}. ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minttl}`,
      );
      expect(ids((response.body.data as RecordBody[]).filter((record) => !record.system))).toEqual(ids(all));
      // Stable ids: the same system records come back with the same ids.
      const again = await admin().get(records(zone, '?include_system=true&type=NS')).expect(200);
      expect(again.body.total).toBe(3);
      expect(ids(again.body.data.filter((record: RecordBody) => record.system))).toEqual(
        ids(system.filter((record) => record.type === 'NS')),
      );
      expect((await admin().get(records(zone, '?include_system=true&type=SOA')).expect(200)).body.total).toBe(
        1,
      );
      expect((await admin().get(records(zone, '?include_system=false')).expect(200)).body.total).toBe(12);
      // The name filter applies to the system records too (they are at the apex).
      const named = await admin().get(records(zone, '?include_system=true&name=www')).expect(200);
      expect(named.body.total).toBe(3);
      expect(named.body.data.some((record: RecordBody) => record.system)).toBe(false);
      const apex = await admin()
        .get(records(zone, `?include_system=true&name=${zone.name}`))
        .expect(200);
      expect(apex.body.data.filter((record: RecordBody) => record.system)).toHaveLength(3);

      // Pages smaller than the system block still walk through every entry exactly once.
      for (const size of [1, 2, 4, 5]) {
        const seen: RecordBody[] = [];
        for (let page = 1; page <= Math.ceil(15 / size) + 1; page++) {
          const chunk = await admin()
            .get(records(zone, `?include_system=true&page=${page}&page_size=${size}`))
            .expect(200);
          expect(chunk.body.total).toBe(15);
          expect(chunk.body.data.length).toBeLessThanOrEqual(size);
          seen.push(...(chunk.body.data as RecordBody[]));
        }
        expect({ size, ids: ids(seen) }).toEqual({ size, ids: ids(response.body.data) });
      }
    });

    it('should get one record, and 404 for unknown ids or ids of another zone', async () => {
      for (const record of all) {
        const response = await admin()
          .get(records(zone, `/${record.id}`))
          .expect(200);
        expect(response.body).toEqual(record);
      }
      const missing = await admin()
        .get(records(zone, `/${randomUUID()}`))
        .expect(404);
      expect(missing.body.detail).toBe('Record not found');
      await admin().get(records(zone, '/not-a-uuid')).expect(422);
      const other = await newZone('other');
      const foreign = await create(other, { name: 'www', type: 'A', content: '192.0.2.99' });
      await admin()
        .get(records(zone, `/${foreign.id}`))
        .expect(404);
      await admin()
        .patch(records(zone, `/${foreign.id}`), { ttl: 900 })
        .expect(404);
      await admin()
        .delete(records(zone, `/${foreign.id}`))
        .expect(404);
      expect(
        (
          await admin()
            .get(records(other, `/${foreign.id}`))
            .expect(200)
        ).body.ttl,
      ).toBe(300);
      await admin().get(`/api/v1/domains/${randomUUID()}/records`).expect(404);
    });

    it('should search names and contents (case-insensitively, wildcards literal)', async () => {
      const search = async (query: string) =>
        (await admin().post(records(zone, '/search'), { query }).expect(200)).body;
      const www = await search('www');
      expect(www).toMatchObject({ domain_id: zone.id, domain_name: zone.name });
      // Three records named www, and the CNAME whose content points at www.
      expect(www.data.map((record: RecordBody) => `${record.display_name} ${record.type}`).sort()).toEqual([
        'shop CNAME',
        'www A',
        'www A',
        'www AAAA',
      ]);
      expect(www.total).toBe(4);
      expect(ids((await search('WWW')).data)).toEqual(ids(www.data));
      expect((await search('192.0.2.25')).data.map((record: RecordBody) => record.display_name)).toEqual([
        'mail',
      ]);
      expect((await search('letsencrypt')).data.map((record: RecordBody) => record.type)).toEqual(['CAA']);
      expect((await search('v=spf1')).data.map((record: RecordBody) => record.content)).toEqual([
        '"v=spf1 -all"',
      ]);
      expect((await search('%')).total).toBe(0);
      expect((await search('nothing-matches-this')).data).toEqual([]);
      await admin().post(records(zone, '/search'), { query: '' }).expect(422);
      await admin().post(records(zone, '/search'), {}).expect(422);
    });

    it('should write an audit entry for record writes', async () => {
      const record = await create(zone, { name: 'audited', type: 'A', content: '192.0.2.50' });
      await admin()
        .patch(records(zone, `/${record.id}`), { ttl: 900 })
        .expect(200);
      await admin()
        .delete(records(zone, `/${record.id}`))
        .expect(204);
      const rows = await db().query<{ action: string }[]>(
        'SELECT action FROM audit_logs WHERE resource_id = ? ORDER BY timestamp',
        [record.id],
      );
      expect(rows.map((row) => row.action)).toEqual(['record.create', 'record.update', 'record.delete']);
      const bulk = await db().query<{ details: unknown }[]>(
        "SELECT details FROM audit_logs WHERE action = 'record.bulk_create' AND resource_id = ?",
        [zone.id],
      );
      expect(bulk).toHaveLength(1);
    });
  });

  describe('changing and deleting', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await newZone('edit');
    });

    it('should patch content and TTL, and the change is served', async () => {
      const record = await create(zone, { name: 'web', type: 'A', content: '192.0.2.10' });
      expect(await dns.resolve4(`web.${zone.name}`, { ttl: true })).toEqual([
        { address: '192.0.2.10', ttl: 300 },
      ]);
      const content = await admin()
        .patch(records(zone, `/${record.id}`), { content: ' 192.0.2.11 ' })
        .expect(200);
      expect(content.body).toMatchObject({
        id: record.id,
        content: '192.0.2.11',
        ttl: 300,
        created_at: record.created_at,
      });
      expect(await a(`web.${zone.name}`)).toEqual(['192.0.2.11']);
      const ttl = await admin()
        .patch(records(zone, `/${record.id}`), { ttl: 120 })
        .expect(200);
      expect(ttl.body).toMatchObject({ content: '192.0.2.11', ttl: 120 });
      expect(await dns.resolve4(`web.${zone.name}`, { ttl: true })).toEqual([
        { address: '192.0.2.11', ttl: 120 },
      ]);
      expect(
        (
          await admin()
            .get(records(zone, `/${record.id}`))
            .expect(200)
        ).body,
      ).toMatchObject({ content: '192.0.2.11', ttl: 120 });

      const mx = await create(zone, { name: '@', type: 'MX', content: '10 mx1.example.net.' });
      const patched = await admin()
        .patch(records(zone, `/${mx.id}`), { content: '20 MX2.example.net' })
        .expect(200);
      expect(patched.body.content).toBe('20 mx2.example.net.');
      expect(await dns.resolveMx(zone.name)).toEqual([{ priority: 20, exchange: 'mx2.example.net' }]);
    });

    it('should refuse invalid patches with 400/422 and change nothing', async () => {
      const record = await create(zone, { name: 'keep', type: 'A', content: '192.0.2.30' });
      const sibling = await create(zone, { name: 'keep', type: 'A', content: '192.0.2.31' });
      const before = await pdnsRrsets(zone);
      const bad = await admin()
        .patch(records(zone, `/${record.id}`), { content: '999.1.1.1' })
        .expect(400);
      expect(bad.body.detail).toContain('IPv4 address');
      await admin()
        .patch(records(zone, `/${record.id}`), { ttl: 10 })
        .expect(400);
      await admin()
        .patch(records(zone, `/${record.id}`), { ttl: 1_000_000 })
        .expect(400);
      await admin()
        .patch(records(zone, `/${record.id}`), { ttl: 'soon' })
        .expect(422);
      await admin()
        .patch(records(zone, `/${record.id}`), { content: '' })
        .expect(422);
      await admin()
        .patch(records(zone, `/${record.id}`), { disabled: 'yes' })
        .expect(422);
      for (const field of [{ name: 'other' }, { type: 'AAAA' }, { domain_id: zone.id }]) {
        const response = await admin()
          .patch(records(zone, `/${record.id}`), field)
          .expect(422);
        expect(response.body.detail[0]).toMatchObject({ type: 'value_error.extra' });
      }
      for (const field of [{ disabled: null }, { ttl: null }, { content: null }]) {
        // Fields may be left out, not sent as null (a null `disabled` used to reach the database: 500).
        const response = await admin().patch(records(zone, `/${record.id}`), field);
        expect({ field, status: response.status }).toEqual({ field, status: 422 });
        expect(response.body.detail[0].loc).toEqual(['body', Object.keys(field)[0]]);
      }
      const duplicate = await admin()
        .patch(records(zone, `/${record.id}`), { content: '192.0.2.31' })
        .expect(409);
      expect(duplicate.body.detail).toMatchObject({ conflicts: [sibling.id] });
      expect(
        (
          await admin()
            .get(records(zone, `/${record.id}`))
            .expect(200)
        ).body,
      ).toMatchObject({ content: '192.0.2.30', ttl: 300, disabled: false });
      expect(await pdnsRrsets(zone)).toEqual(before);
      expect(await a(`keep.${zone.name}`)).toEqual(['192.0.2.30', '192.0.2.31']);
      // An empty patch changes nothing.
      const empty = await admin()
        .patch(records(zone, `/${record.id}`), {})
        .expect(200);
      expect(empty.body).toMatchObject({ content: '192.0.2.30', ttl: 300, disabled: false });
    });

    it('should stop answering a disabled record and answer it again when re-enabled', async () => {
      const record = await create(zone, { name: 'toggle', type: 'A', content: '192.0.2.40' });
      const other = await create(zone, { name: 'pair', type: 'A', content: '192.0.2.41' });
      const pairTwin = await create(zone, { name: 'pair', type: 'A', content: '192.0.2.42' });
      expect(await a(`toggle.${zone.name}`)).toEqual(['192.0.2.40']);

      const off = await admin()
        .patch(records(zone, `/${record.id}`), { disabled: true })
        .expect(200);
      expect(off.body).toMatchObject({ disabled: true, content: '192.0.2.40' });
      await notAnswered(`toggle.${zone.name}`);
      expect(
        (await pdnsRrsets(zone))!.find((rrset) => rrset.name === `toggle.${zone.fqdn}`)?.records,
      ).toEqual([{ content: '192.0.2.40', disabled: true }]);
      expect(
        (
          await admin()
            .get(records(zone, `/${record.id}`))
            .expect(200)
        ).body.disabled,
      ).toBe(true);

      await admin()
        .patch(records(zone, `/${pairTwin.id}`), { disabled: true })
        .expect(200);
      expect(await a(`pair.${zone.name}`)).toEqual([other.content]);

      await admin()
        .patch(records(zone, `/${record.id}`), { disabled: false })
        .expect(200);
      expect(await a(`toggle.${zone.name}`)).toEqual(['192.0.2.40']);
      await admin()
        .patch(records(zone, `/${pairTwin.id}`), { disabled: false })
        .expect(200);
      expect(await a(`pair.${zone.name}`)).toEqual(['192.0.2.41', '192.0.2.42']);

      // Created disabled: stored, not served.
      const hidden = await create(zone, { name: 'hidden', type: 'TXT', content: 'secret', disabled: true });
      expect(hidden.disabled).toBe(true);
      await notAnswered(`hidden.${zone.name}`, 'TXT');
    });

    it('should delete a record from both stores, immediately', async () => {
      const first = await create(zone, { name: 'gone', type: 'A', content: '192.0.2.60' });
      const second = await create(zone, { name: 'gone', type: 'A', content: '192.0.2.61' });
      const only = await create(zone, { name: 'solo', type: 'AAAA', content: '2001:db8::60' });
      await admin()
        .delete(records(zone, `/${first.id}`))
        .expect(204);
      expect(await a(`gone.${zone.name}`)).toEqual(['192.0.2.61']);
      await admin()
        .get(records(zone, `/${first.id}`))
        .expect(404);
      await admin()
        .delete(records(zone, `/${first.id}`))
        .expect(404);
      await admin()
        .delete(records(zone, `/${only.id}`))
        .expect(204);
      await notAnswered(`solo.${zone.name}`, 'AAAA');
      expect((await pdnsRrsets(zone))!.some((rrset) => rrset.name === `solo.${zone.fqdn}`)).toBe(false);
      expect((await rowsOf(zone)).map((row) => row.id)).not.toContain(first.id);
      expect((await rowsOf(zone)).map((row) => row.id)).toContain(second.id);
    });
  });

  describe('bulk create and bulk delete', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await newZone('bulk');
    });

    it('should create 500 records in one atomic request, all answered', async () => {
      const batch = Array.from({ length: 500 }, (_, index) => ({
        name: `host-${index}`,
        type: index % 5 === 4 ? 'TXT' : 'A',
        content: index % 5 === 4 ? `token ${index}` : `10.1.${Math.floor(index / 250)}.${index % 250}`,
        ttl: 600,
      }));
      const started = Date.now();
      const response = await admin().post(records(zone, '/bulk'), { records: batch }).expect(200);
      const elapsed = Date.now() - started;
      console.log(`bulk create of 500 records: ${elapsed} ms`);
      expect(response.body).toMatchObject({ total_created: 500, total_errors: 0, errors: [] });
      expect(response.body.created).toHaveLength(500);
      expect(response.body.created[123]).toMatchObject({
        name: `host-123.${zone.name}`,
        type: 'A',
        content: '10.1.0.123',
        ttl: 600,
      });
      expect(response.body.created[4]).toMatchObject({ type: 'TXT', content: '"token 4"' });
      expect(await rowCount(zone)).toBe(500);
      expect((await admin().get(records(zone)).expect(200)).body.total).toBe(500);
      for (const index of [0, 1, 123, 250, 377, 498]) {
        expect(await a(`host-${index}.${zone.name}`)).toEqual([batch[index].content]);
      }
      expect(await dns.resolveTxt(`host-499.${zone.name}`)).toEqual([['token 499']]);
      expect((await pdnsData(zone)).filter((rrset) => rrset.name.startsWith('host-'))).toHaveLength(500);
    });

    it('should refuse a whole batch with one invalid record, naming its index, and create nothing anywhere', async () => {
      const before = await pdnsRrsets(zone);
      const count = await rowCount(zone);
      const batch = Array.from({ length: 500 }, (_, index) => ({
        name: `atomic-${index}`,
        type: 'A',
        content: index === 317 ? '10.0.0.256' : `10.2.${Math.floor(index / 250)}.${index % 250}`,
      }));
      const response = await admin().post(records(zone, '/bulk'), { records: batch }).expect(400);
      expect(response.body.detail.message).toContain('nothing was created');
      expect(response.body.detail.errors).toEqual([
        { index: 317, name: 'atomic-317', type: 'A', error: expect.stringContaining('IPv4 address') },
      ]);
      expect(await rowCount(zone)).toBe(count);
      expect(await pdnsRrsets(zone)).toEqual(before);
      for (const index of [0, 316, 318, 499]) {
        await notAnswered(`atomic-${index}.${zone.name}`);
      }

      // Conflicts inside the batch and with existing records also refuse it all, and say with what.
      const existing = await create(zone, { name: 'taken', type: 'A', content: '192.0.2.7' });
      const conflicting = await admin()
        .post(records(zone, '/bulk'), {
          records: [
            { name: 'fresh', type: 'A', content: '192.0.2.8' },
            { name: 'cx', type: 'CNAME', content: 'target.example.net.' },
            { name: 'cx', type: 'A', content: '192.0.2.9' },
            { name: 'taken', type: 'A', content: '192.0.2.7' },
            { name: 'bad ttl', type: 'A', content: '192.0.2.9' },
          ],
        })
        .expect(400);
      expect(conflicting.body.detail.errors.map((error: { index: number }) => error.index)).toEqual([
        2, 3, 4,
      ]);
      expect(conflicting.body.detail.errors[1]).toMatchObject({ conflicts: [existing.id] });
      expect(await rowCount(zone)).toBe(count + 1);
      await notAnswered(`fresh.${zone.name}`);
      await notAnswered(`cx.${zone.name}`, 'CNAME');
    });

    it('should create what it can with continue_on_error and report the rest', async () => {
      const existing = await create(zone, { name: 'coe-dup', type: 'TXT', content: 'same' });
      const response = await admin()
        .post(records(zone, '/bulk'), {
          continue_on_error: true,
          records: [
            { name: 'coe-1', type: 'A', content: '192.0.2.101' },
            { name: 'coe-2', type: 'A', content: 'nope' },
            { name: 'coe-3', type: 'TXT', content: 'hello' },
            { name: 'coe-dup', type: 'TXT', content: '"same"' },
            { name: 'coe-5', type: 'AAAA', content: '2001:db8::105' },
            { name: 'coe-6', type: 'WAT', content: 'x' },
            { name: 'outside.example.org.', type: 'A', content: '192.0.2.107' },
          ],
        })
        .expect(200);
      expect(response.body).toMatchObject({ total_created: 3, total_errors: 4 });
      expect(response.body.created.map((record: RecordBody) => record.display_name)).toEqual([
        'coe-1',
        'coe-3',
        'coe-5',
      ]);
      expect(response.body.errors.map((error: { index: number }) => error.index)).toEqual([1, 3, 5, 6]);
      expect(response.body.errors[1]).toMatchObject({ index: 3, conflicts: [existing.id] });
      expect(await a(`coe-1.${zone.name}`)).toEqual(['192.0.2.101']);
      expect(await dns.resolveTxt(`coe-3.${zone.name}`)).toEqual([['hello']]);
      expect(await dns.resolve6(`coe-5.${zone.name}`)).toEqual(['2001:db8::105']);
      await notAnswered(`coe-2.${zone.name}`);

      const none = await admin()
        .post(records(zone, '/bulk'), {
          continue_on_error: true,
          records: [{ name: 'x', type: 'A', content: 'bad' }],
        })
        .expect(200);
      expect(none.body).toMatchObject({ created: [], total_created: 0, total_errors: 1 });
    });

    it('should refuse more than 500 records (422), malformed batches (422) and bodies over 10 MB (413)', async () => {
      const count = await rowCount(zone);
      const tooMany = Array.from({ length: 501 }, (_, index) => ({
        name: `over-${index}`,
        type: 'A',
        content: '192.0.2.1',
      }));
      const over = await admin().post(records(zone, '/bulk'), { records: tooMany }).expect(422);
      expect(JSON.stringify(over.body.detail)).toContain('records');
      await admin().post(records(zone, '/bulk'), { records: [] }).expect(422);
      await admin().post(records(zone, '/bulk'), {}).expect(422);
      await admin().post(records(zone, '/bulk'), { records: 'all' }).expect(422);
      const missing = await admin()
        .post(records(zone, '/bulk'), {
          records: [
            { name: 'a', type: 'A', content: '192.0.2.1' },
            { name: 'b', type: 'A' },
          ],
        })
        .expect(422);
      expect(JSON.stringify(missing.body.detail)).toContain('content');
      const huge = JSON.stringify({
        records: Array.from({ length: 200 }, (_, index) => ({
          name: `huge-${index}`,
          type: 'TXT',
          content: 'x'.repeat(55_000),
        })),
      });
      expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
      const tooLarge = await admin()
        .post(records(zone, '/bulk'), huge)
        .set('Content-Type', 'application/json')
        .expect(413);
      expect(tooLarge.body.detail).toEqual(expect.anything());
      expect(await rowCount(zone)).toBe(count);
      await notAnswered(`over-0.${zone.name}`);
    });

    it('should bulk-delete by ids, all or nothing', async () => {
      const made = await admin()
        .post(records(zone, '/bulk'), {
          records: [1, 2, 3, 4, 5].map((n) => ({
            name: `del-${n}`,
            type: 'A',
            content: `192.0.2.${200 + n}`,
          })),
        })
        .expect(200);
      const created = made.body.created as RecordBody[];
      const other = await newZone('bulkdel');
      const foreign = await create(other, { name: 'del-x', type: 'A', content: '192.0.2.250' });

      const unknown = randomUUID();
      const refused = await admin()
        .post(records(zone, '/bulk-delete'), { record_ids: [created[0].id, unknown, created[1].id] })
        .expect(404);
      expect(refused.body.detail).toMatchObject({ not_found: [unknown] });
      const cross = await admin()
        .post(records(zone, '/bulk-delete'), { record_ids: [created[0].id, foreign.id] })
        .expect(404);
      expect(cross.body.detail).toMatchObject({ not_found: [foreign.id] });
      expect(await a(`del-1.${zone.name}`)).toEqual(['192.0.2.201']);
      expect(await a(`del-2.${zone.name}`)).toEqual(['192.0.2.202']);
      expect(await a(`del-x.${other.name}`)).toEqual(['192.0.2.250']);
      await admin()
        .get(records(zone, `/${created[0].id}`))
        .expect(200);

      const deleted = await admin()
        .post(records(zone, '/bulk-delete'), {
          record_ids: [created[0].id, created[1].id, created[2].id, created[2].id],
        })
        .expect(200);
      expect(deleted.body).toMatchObject({ total_deleted: 3 });
      expect([...deleted.body.deleted].sort()).toEqual(ids(created.slice(0, 3)));
      for (const n of [1, 2, 3]) {
        await notAnswered(`del-${n}.${zone.name}`);
        await admin()
          .get(records(zone, `/${created[n - 1].id}`))
          .expect(404);
      }
      expect(await a(`del-4.${zone.name}`)).toEqual(['192.0.2.204']);
      expect(await a(`del-5.${zone.name}`)).toEqual(['192.0.2.205']);

      await admin().post(records(zone, '/bulk-delete'), { record_ids: [] }).expect(422);
      await admin()
        .post(records(zone, '/bulk-delete'), { record_ids: ['nope'] })
        .expect(422);
      await admin()
        .post(records(zone, '/bulk-delete'), { record_ids: [created[0].id] })
        .expect(404);
    });
  });

  describe('conflicts', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await newZone('conflict');
    });

    it('should answer 409 with detail.conflicts for a duplicate, however it is spelled', async () => {
      const first = await create(zone, { name: 'dup', type: 'AAAA', content: '2001:db8::1' });
      for (const body of [
        { name: 'dup', type: 'AAAA', content: '2001:db8::1' },
        { name: 'DUP', type: 'AAAA', content: '2001:DB8:0:0:0:0:0:1' },
        { name: `dup.${zone.fqdn}`, type: 'AAAA', content: '2001:0db8::0001' },
        { name: 'dup', type: 'AAAA', content: '2001:db8::1', ttl: 900, disabled: true },
      ]) {
        const response = await admin().post(records(zone, ''), body).expect(409);
        expect(response.body.detail).toEqual({
          message: expect.stringContaining('already exists'),
          conflicts: [first.id],
        });
      }
      const txt = await create(zone, { name: 'dup', type: 'TXT', content: 'v=1' });
      const txtDup = await admin()
        .post(records(zone), { name: 'dup', type: 'TXT', content: '"v=1"' })
        .expect(409);
      expect(txtDup.body.detail.conflicts).toEqual([txt.id]);
      expect(await rowCount(zone)).toBe(2);
      expect(await dns.resolve6(`dup.${zone.name}`)).toEqual(['2001:db8::1']);
    });

    it('should keep a CNAME alone at its name, both ways round', async () => {
      const count = await rowCount(zone);
      const address = await create(zone, { name: 'host', type: 'A', content: '192.0.2.1' });
      const text = await create(zone, { name: 'host', type: 'TXT', content: 'x' });
      const cnameFirst = await admin()
        .post(records(zone), { name: 'host', type: 'CNAME', content: 'target.example.net.' })
        .expect(409);
      expect(cnameFirst.body.detail.message).toContain('CNAME');
      expect([...cnameFirst.body.detail.conflicts].sort()).toEqual([address.id, text.id].sort());

      const cname = await create(zone, { name: 'alias', type: 'CNAME', content: 'target.example.net.' });
      for (const body of [
        { name: 'alias', type: 'A', content: '192.0.2.2' },
        { name: 'alias', type: 'TXT', content: 'hello' },
        { name: 'alias', type: 'MX', content: '10 mail.example.net.' },
        { name: 'alias', type: 'CNAME', content: 'other.example.net.' },
      ]) {
        const response = await admin().post(records(zone), body).expect(409);
        expect(response.body.detail).toMatchObject({ conflicts: [cname.id] });
      }
      // A disabled record is still in the way (PowerDNS checks rrsets whether or not they are disabled).
      const quiet = await create(zone, { name: 'quiet', type: 'A', content: '192.0.2.3', disabled: true });
      const blocked = await admin()
        .post(records(zone), { name: 'quiet', type: 'CNAME', content: 'target.example.net.' })
        .expect(409);
      expect(blocked.body.detail.conflicts).toEqual([quiet.id]);

      expect(await rowCount(zone)).toBe(count + 4);
      expect(await dns.resolveCname(`alias.${zone.name}`)).toEqual(['target.example.net']);
      expect(await a(`host.${zone.name}`)).toEqual(['192.0.2.1']);
      await notAnswered(`host.${zone.name}`, 'CNAME');
    });
  });

  describe('pending zones', () => {
    it('should store records of a pending zone without serving them, and serve them once the zone is activated', async () => {
      const name = `pending-${suffix()}.test`;
      await upstream.createZone(name);
      try {
        const created = await as('alice')
          .post('/api/v1/domains/', { name, domain_type: 'primary' })
          .expect(201);
        expect(created.body.status).toBe('pending_validation');
        const zone: Zone = { id: created.body.id as string, name, fqdn: `${name}.` };

        const www = (
          await as('alice').post(records(zone), { name: 'www', type: 'A', content: '192.0.2.80' }).expect(201)
        ).body as RecordBody;
        const bulk = await as('alice')
          .post(records(zone, '/bulk'), {
            records: [
              { name: '@', type: 'MX', content: '10 mail.example.net.' },
              { name: 'api', type: 'AAAA', content: '2001:db8::80' },
            ],
          })
          .expect(200);
        expect(bulk.body.total_created).toBe(2);
        const gone = (
          await as('alice')
            .post(records(zone), { name: 'gone', type: 'A', content: '192.0.2.81' })
            .expect(201)
        ).body as RecordBody;
        await as('alice')
          .patch(records(zone, `/${www.id}`), { ttl: 900 })
          .expect(200);
        await as('alice')
          .delete(records(zone, `/${gone.id}`))
          .expect(204);
        const list = await as('alice').get(records(zone, '?include_system=true')).expect(200);
        expect(list.body.total).toBe(6);
        expect(list.body.data.find((record: RecordBody) => record.type === 'SOA')).toMatchObject({
          system: true,
        });
        expect(await pdnsRrsets(zone)).toBeNull();
        expect(await dnsOutcome(dns.resolve4(`www.${name}`))).toBe('EREFUSED');

        const challenge = await as('alice').get(`/api/v1/domains/${zone.id}/validation`).expect(200);
        await upstream.setTxt(name, `_scaidns-verify.${name}`, [challenge.body.dns_record.value as string]);
        const passed = await as('alice').post(`/api/v1/domains/${zone.id}/validation/check`).expect(200);
        expect(passed.body).toMatchObject({ is_valid: true });

        expect(await dns.resolve4(`www.${name}`, { ttl: true })).toEqual([
          { address: '192.0.2.80', ttl: 900 },
        ]);
        expect(await dns.resolveMx(name)).toEqual([{ priority: 10, exchange: 'mail.example.net' }]);
        expect(await dns.resolve6(`api.${name}`)).toEqual(['2001:db8::80']);
        await notAnswered(`gone.${name}`);
        // And writes after activation go straight to DNS.
        await as('alice')
          .post(records(zone), { name: 'later', type: 'A', content: '192.0.2.82' })
          .expect(201);
        expect(await a(`later.${name}`)).toEqual(['192.0.2.82']);
      } finally {
        await upstream.deleteZone(name);
      }
    });
  });

  describe('concurrent writes to one zone', () => {
    it('should serialise 30 parallel creations, losing none of them (rrsets shared included)', async () => {
      const zone = await newZone('parallel');
      const bodies = Array.from({ length: 30 }, (_, index) =>
        index < 10
          ? { name: 'shared', type: 'A', content: `192.0.2.${index + 1}` }
          : { name: `p-${index}`, type: 'A', content: `198.51.100.${index}` },
      );
      const responses = await Promise.all(bodies.map((body) => admin().post(records(zone), body)));
      expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 201));
      expect(await rowCount(zone)).toBe(30);
      expect(await a(`shared.${zone.name}`)).toEqual(
        bodies
          .slice(0, 10)
          .map((body) => body.content)
          .sort(),
      );
      for (const body of bodies.slice(10)) {
        expect(await a(`${body.name}.${zone.name}`)).toEqual([body.content]);
      }
      expect(
        (await pdnsData(zone)).find((rrset) => rrset.name === `shared.${zone.fqdn}`)?.records,
      ).toHaveLength(10);

      // The duplicate and CNAME checks are serialised too: exactly one of each racing group wins.
      const same = await Promise.all(
        Array.from({ length: 8 }, () =>
          admin().post(records(zone), { name: 'race', type: 'TXT', content: 'one' }),
        ),
      );
      expect(same.map((response) => response.status).sort()).toEqual([
        201, 409, 409, 409, 409, 409, 409, 409,
      ]);
      const mixed = await Promise.all([
        admin().post(records(zone), { name: 'mixed', type: 'CNAME', content: 'target.example.net.' }),
        admin().post(records(zone), { name: 'mixed', type: 'A', content: '192.0.2.1' }),
        admin().post(records(zone), { name: 'mixed', type: 'CNAME', content: 'other.example.net.' }),
        admin().post(records(zone), { name: 'mixed', type: 'TXT', content: 'x' }),
      ]);
      expect(mixed.filter((response) => response.status === 201).length).toBeGreaterThanOrEqual(1);
      expect(mixed.every((response) => [201, 409].includes(response.status))).toBe(true);
      const atMixed = (await rowsOf(zone)).filter((row) => row.name === `mixed.${zone.fqdn}`);
      expect(atMixed.some((row) => row.type === 'CNAME') ? atMixed.length : 1).toBe(1);
      expect(await rowCount(zone)).toBe(31 + atMixed.length);
    });
  });

  describe('a write reaches both stores or neither', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await newZone('atomic');
    });

    it('should roll back when PowerDNS refuses a record ScaiDNS accepted (drift: a CNAME ScaiDNS does not know about)', async () => {
      await pdnsPatch(zone, [
        {
          name: `drift.${zone.fqdn}`,
          type: 'CNAME',
          ttl: 300,
          changetype: 'REPLACE',
          records: [{ content: 'elsewhere.example.net.', disabled: false }],
        },
      ]);
      const before = await pdnsRrsets(zone);
      const count = await rowCount(zone);

      const single = await admin()
        .post(records(zone), { name: 'drift', type: 'A', content: '192.0.2.1' })
        .expect(400);
      expect(single.body.detail.message).toContain('PowerDNS rejected the change');
      const batch = await admin()
        .post(records(zone, '/bulk'), {
          records: [
            ...[1, 2, 3, 4].map((n) => ({ name: `ok-${n}`, type: 'A', content: `192.0.2.${n}` })),
            { name: 'drift', type: 'TXT', content: 'x' },
          ],
        })
        .expect(400);
      expect(batch.body.detail.message).toContain('PowerDNS rejected the change');
      expect(await rowCount(zone)).toBe(count);
      expect(await pdnsRrsets(zone)).toEqual(before);
      await notAnswered(`ok-1.${zone.name}`);

      // An update PowerDNS refuses leaves the stored record as it was.
      const record = await create(zone, { name: 'upd', type: 'A', content: '192.0.2.10' });
      await pdnsPatch(zone, [
        { name: `upd.${zone.fqdn}`, type: 'A', changetype: 'DELETE' },
        {
          name: `upd.${zone.fqdn}`,
          type: 'CNAME',
          ttl: 300,
          changetype: 'REPLACE',
          records: [{ content: 'elsewhere.example.net.', disabled: false }],
        },
      ]);
      await admin()
        .patch(records(zone, `/${record.id}`), { content: '192.0.2.11' })
        .expect(400);
      expect(
        (
          await admin()
            .get(records(zone, `/${record.id}`))
            .expect(200)
        ).body.content,
      ).toBe('192.0.2.10');
      await pdnsPatch(zone, [
        { name: `drift.${zone.fqdn}`, type: 'CNAME', changetype: 'DELETE' },
        { name: `upd.${zone.fqdn}`, type: 'CNAME', changetype: 'DELETE' },
      ]);
    });

    it('should leave nothing in PowerDNS when a bulk create too large for one PATCH is refused half-way', async () => {
      await pdnsPatch(zone, [
        {
          name: `late.${zone.fqdn}`,
          type: 'CNAME',
          ttl: 300,
          changetype: 'REPLACE',
          records: [{ content: 'elsewhere.example.net.', disabled: false }],
        },
      ]);
      const before = await pdnsRrsets(zone);
      const count = await rowCount(zone);
      // ~2.3 kB per rrset: more than PowerDNS's 1 MB chunk, so ScaiDNS sends two PATCHes; PowerDNS refuses the second.
      const batch = [
        ...Array.from({ length: 480 }, (_, index) => ({
          name: `chunk-${index}`,
          type: 'TXT',
          content: `${index} ${'k'.repeat(2300)}`,
        })),
        { name: 'late', type: 'A', content: '192.0.2.99' },
      ];
      await admin().post(records(zone, '/bulk'), { records: batch }).expect(400);
      expect(await rowCount(zone)).toBe(count);
      const leaked = (await pdnsData(zone))
        .filter((rrset) => rrset.name.startsWith('chunk-'))
        .map((rrset) => rrset.name);
      expect(leaked).toEqual([]);
      expect((await pdnsRrsets(zone))!.filter((rrset) => rrset.type !== 'SOA')).toEqual(
        before!.filter((rrset) => rrset.type !== 'SOA'),
      );
      await notAnswered(`chunk-0.${zone.name}`, 'TXT');
      await pdnsPatch(zone, [{ name: `late.${zone.fqdn}`, type: 'CNAME', changetype: 'DELETE' }]);
    });

    it('should refuse content PowerDNS cannot store (over 64,000 characters) before touching either store', async () => {
      const count = await rowCount(zone);
      const before = await pdnsRrsets(zone);
      // Valid TXT (60,000 octets of text, under the 65,535-octet RDATA limit), but 60,000 + 236 x 3 characters
      // once quoted and split: PowerDNS's gmysql schema stores at most 64,000, ScaiDNS's column 65,535 bytes.
      for (const size of [63_500, 65_000]) {
        const response = await admin().post(records(zone), {
          name: `long-${size}`,
          type: 'TXT',
          content: 'y'.repeat(size),
        });
        expect({ size, status: response.status }).toEqual({ size, status: 400 });
        expect(JSON.stringify(response.body.detail)).toContain('too long');
      }
      const fits = await admin()
        .post(records(zone), { name: 'long-ok', type: 'TXT', content: 'y'.repeat(60_000) })
        .expect(201);
      expect(fits.body.content.length).toBeLessThanOrEqual(64_000);
      // The same limit applies when a record's content is changed.
      const grown = await admin()
        .patch(records(zone, `/${fits.body.id}`), { content: 'y'.repeat(63_500) })
        .expect(400);
      expect(grown.body.detail).toContain('too long');
      expect(
        (
          await admin()
            .get(records(zone, `/${fits.body.id}`))
            .expect(200)
        ).body.content,
      ).toBe(fits.body.content);
      expect(await rowCount(zone)).toBe(count + 1);
      expect(
        (await pdnsData(zone)).filter((rrset) => rrset.name.startsWith('long-')).map((rrset) => rrset.name),
      ).toEqual([`long-ok.${zone.fqdn}`]);
      expect(before).not.toBeNull();
    });

    it('should answer 503 and write nothing when PowerDNS cannot be reached', async () => {
      const { host, port, username, password, database } = t.config.database;
      const broken = await createTestApp({
        DATABASE_URL: `mysql://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
        PDNS_API_URL: 'http://127.0.0.1:1',
        PDNS_RETRIES: '0',
        PLATFORM_NAMESERVERS: nameservers.join(','),
      });
      try {
        const before = await pdnsRrsets(zone);
        const count = await rowCount(zone);
        const post = (path: string, body: object) =>
          broken
            .http()
            .post(path)
            .set('Authorization', `Bearer ${tokens.admin}`)
            .set('X-Tenant-ID', 'tnt_acme')
            .send(body);
        const single = await post(records(zone), {
          name: 'unreachable',
          type: 'A',
          content: '192.0.2.1',
        }).expect(503);
        expect(single.body.detail).toContain('PowerDNS is unavailable');
        expect(single.headers['retry-after']).toBeDefined();
        await post(records(zone, '/bulk'), {
          records: [{ name: 'unreachable-2', type: 'A', content: '192.0.2.2' }],
        }).expect(503);
        const existing = (await rowsOf(zone))[0];
        await broken
          .http()
          .delete(records(zone, `/${existing.id}`))
          .set('Authorization', `Bearer ${tokens.admin}`)
          .set('X-Tenant-ID', 'tnt_acme')
          .expect(503);
        expect(await rowCount(zone)).toBe(count);
        expect((await rowsOf(zone)).map((row) => row.id)).toContain(existing.id);
        const [strays] = await db().query<{ n: string }[]>(
          'SELECT COUNT(*) AS n FROM records WHERE name LIKE ?',
          ['unreachable%'],
        );
        expect(Number(strays.n)).toBe(0);
        expect(await pdnsRrsets(zone)).toEqual(before);
      } finally {
        await broken.close();
      }
      // The healthy app still writes to both stores.
      await create(zone, { name: 'after', type: 'A', content: '192.0.2.77' });
      expect(await a(`after.${zone.name}`)).toEqual(['192.0.2.77']);
    });
  });

  describe('access control', () => {
    let zone: Zone;
    let record: RecordBody;

    beforeAll(async () => {
      zone = await newZone('access');
      record = await create(zone, { name: 'www', type: 'A', content: '192.0.2.1' });
    });

    const everyRoute = (who: 'bob' | 'carol') => [
      { route: 'list', call: () => as(who).get(records(zone)) },
      { route: 'get', call: () => as(who).get(records(zone, `/${record.id}`)) },
      { route: 'search', call: () => as(who).post(records(zone, '/search'), { query: 'www' }) },
      {
        route: 'create',
        call: () => as(who).post(records(zone), { name: 'intruder', type: 'A', content: '192.0.2.66' }),
      },
      {
        route: 'patch',
        call: () => as(who).patch(records(zone, `/${record.id}`), { content: '192.0.2.66' }),
      },
      { route: 'delete', call: () => as(who).delete(records(zone, `/${record.id}`)) },
      {
        route: 'bulk',
        call: () =>
          as(who).post(records(zone, '/bulk'), {
            records: [{ name: 'intruder', type: 'A', content: '192.0.2.66' }],
          }),
      },
      {
        route: 'bulk-delete',
        call: () => as(who).post(records(zone, '/bulk-delete'), { record_ids: [record.id] }),
      },
    ];

    it('should hide every records route of a zone from another tenant (404)', async () => {
      for (const { route, call } of everyRoute('carol')) {
        const response = await call();
        expect({ route, status: response.status }).toEqual({ route, status: 404 });
        expect(response.body.detail).toBe('Domain not found');
      }
      expect(await rowsOf(zone)).toEqual([expect.objectContaining({ id: record.id, content: '192.0.2.1' })]);
      expect(await a(`www.${zone.name}`)).toEqual(['192.0.2.1']);
    });

    it('should let a read-only user read but not write (403)', async () => {
      const expected: Record<string, number> = {
        list: 200,
        get: 200,
        search: 200,
        create: 403,
        patch: 403,
        delete: 403,
        bulk: 403,
        'bulk-delete': 403,
      };
      for (const { route, call } of everyRoute('bob')) {
        const response = await call();
        expect({ route, status: response.status }).toEqual({ route, status: expected[route] });
      }
      expect(
        (await as('bob').get(records(zone)).expect(200)).body.data.map((item: RecordBody) => item.id),
      ).toEqual([record.id]);
      expect(await rowsOf(zone)).toEqual([expect.objectContaining({ id: record.id, content: '192.0.2.1' })]);
      await notAnswered(`intruder.${zone.name}`);
      // The tenant admin may write.
      await as('alice').post(records(zone), { name: 'alice', type: 'A', content: '192.0.2.5' }).expect(201);
      await t.http().get(records(zone)).expect(401);
    });
  });
});
