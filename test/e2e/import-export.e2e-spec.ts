import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

type Who = 'admin' | 'alice' | 'bob' | 'carol';

interface RecordRow {
  id: string;
  name: string;
  display_name: string;
  type: string;
  content: string;
  ttl: number;
  disabled: boolean;
}

interface AuditRow {
  details: string | Record<string, unknown>;
}

interface Zone {
  id: string;
  name: string;
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'zones');
const NAMESERVERS = ['ns1.scaidns-e2e.test.', 'ns2.scaidns-e2e.test.'];

/**
 * Zone import and export against the real stack (MariaDB, PowerDNS, the development IdP). The platform admin works
 * in acme (`X-Tenant-ID: tnt_acme`) and holds validation:bypass, so every zone here is active at once and served:
 * imported records are checked in DNS answers too. Fixture files name their own zone (e.g. campus.test); each test
 * loads them into a zone of its own (campus-<run>.test) by rewriting that name.
 */
// Booting the app, signing in four users and the 5,000-record import take longer than Jest's default 5 s.
jest.setTimeout(60_000);

describe('Zone import and export (e2e)', () => {
  let t: TestApp;
  let dns: Resolver;
  const run = randomBytes(3).toString('hex');
  const tokens: Record<Who, string> = { admin: '', alice: '', bob: '', carol: '' };
  const zones: Zone[] = [];
  const timings: string[] = [];

  const headers = (who: Who): Record<string, string> => ({
    Authorization: `Bearer ${tokens[who]}`,
    ...(who === 'admin' ? { 'X-Tenant-ID': 'tnt_acme' } : {}),
  });
  const http = (who: Who = 'admin') => ({
    get: (path: string) => t.http().get(path).set(headers(who)),
    post: (path: string, body: object = {}) => t.http().post(path).set(headers(who)).send(body),
    delete: (path: string) => t.http().delete(path).set(headers(who)),
    upload: (path: string) => t.http().post(path).set(headers(who)),
  });
  const importText = (zone: Zone, body: object, who: Who = 'admin') =>
    http(who).post(`/api/v1/domains/${zone.id}/import/text`, body);

  async function createZone(base: string): Promise<Zone> {
    const name = `${base}-${run}.test`;
    const created = await http().post('/api/v1/domains/', { name, domain_type: 'primary' }).expect(201);
    expect(created.body.status).toBe('active');
    const zone = { id: created.body.id as string, name };
    zones.push(zone);
    return zone;
  }

  /** A fixture's text with its zone name (the file name without .zone) replaced by the test zone's. */
  function fixture(file: string, zone: Zone): string {
    const original = file.replace(/\.zone$/, '');
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    return text.replace(new RegExp(original.replace(/\./g, '\\.'), 'gi'), zone.name);
  }

  async function records(zone: Zone): Promise<RecordRow[]> {
    const response = await http().get(`/api/v1/domains/${zone.id}/records?page_size=5000`).expect(200);
    return response.body.data as RecordRow[];
  }

  const summary = (rows: RecordRow[]): string[] =>
    rows
      .map(
        (row) =>
          `${row.display_name} ${row.ttl} ${row.type} ${row.content}${row.disabled ? ' (disabled)' : ''}`,
      )
      .sort();

  function checkzone(zone: string, text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'scaidns-export-'));
    try {
      const file = join(dir, `${zone}.zone`);
      writeFileSync(file, text);
      return execFileSync('/usr/bin/named-checkzone', [zone, file], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_NAMESERVERS: NAMESERVERS.join(',') });
    dns = pdnsResolver(t.stack.pdns.dnsPort);
    tokens.admin = await userToken(t.stack, 'admin@scaidns.test');
    tokens.alice = await userToken(t.stack, 'alice@acme.test');
    tokens.bob = await userToken(t.stack, 'bob@acme.test');
    tokens.carol = await userToken(t.stack, 'carol@globex.test');
    // First sign-in puts bob into ScaiDNS's user cache, so he can be granted a role.
    await http('bob').get('/api/v1/auth/me').expect(200);
  });

  afterAll(async () => {
    for (const zone of zones) {
      await http().delete(`/api/v1/domains/${zone.id}?hard=true`);
    }
    dns?.cancel();
    await t?.close();
    if (timings.length > 0) {
      process.stdout.write(`\nimport/export timings:\n  ${timings.join('\n  ')}\n`);
    }
  });

  describe('fixtures: real-world zone files import and answer in DNS', () => {
    it('should import a small business zone (MX, SPF, DKIM split over lines, DMARC)', async () => {
      const zone = await createZone('northwind');
      const result = await importText(zone, {
        format: 'bind',
        mode: 'merge',
        content: fixture('northwind-bakery.test.zone', zone),
      }).expect(200);
      expect(result.body).toMatchObject({
        imported_count: 14,
        skipped_count: 3,
        conflict_count: 0,
        deleted_count: 0,
        unchanged_count: 0,
        errors: [],
      });
      expect(
        result.body.skipped.map((skip: { line: number; type: string }) => `${skip.line} ${skip.type}`),
      ).toEqual(['6 SOA', '14 NS', '15 NS']);
      const rows = await records(zone);
      expect(rows).toHaveLength(14);
      const dkim = rows.find((row) => row.display_name === 'selector1._domainkey')!;
      expect(dkim.content.split('" "')).toHaveLength(4);
      expect(dkim.content).toMatch(/^"v=DKIM1; k=rsa; " "p=MIIBIjANBgkq.*IDAQAB"$/);
      expect(rows.find((row) => row.display_name === 'shop')).toMatchObject({
        type: 'CNAME',
        ttl: 300,
        content: 'shops.example-commerce.net.',
      });

      expect((await dns.resolveMx(zone.name)).sort((a, b) => a.priority - b.priority)).toEqual([
        { priority: 10, exchange: 'mx1.mailhost.example' },
        { priority: 20, exchange: 'mx2.mailhost.example' },
      ]);
      const [key] = await dns.resolveTxt(`selector1._domainkey.${zone.name}`);
      expect(key.join('')).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjANBgkq[A-Za-z0-9+/]+IDAQAB$/);
      expect(await dns.resolveTxt(`_dmarc.${zone.name}`)).toEqual([
        [`v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${zone.name}; pct=100`],
      ]);
      expect(await dns.resolve6(zone.name)).toEqual(['2001:db8:10::10']);
    });

    it('should import an SRV, NAPTR, CAA, TLSA and SSHFP heavy zone', async () => {
      const zone = await createZone('voip');
      const result = await importText(zone, {
        format: 'bind',
        content: fixture('voip-carrier.test.zone', zone),
      }).expect(200);
      expect(result.body).toMatchObject({ imported_count: 25, skipped_count: 3, mode: 'merge' });
      const rows = await records(zone);
      expect(rows.filter((row) => row.type === 'SRV')).toHaveLength(8);
      expect(rows.filter((row) => row.type === 'NAPTR').map((row) => row.content)).toContain(
        `100 10 "U" "E2U+sip" "!^.*$!sip:support@${zone.name}!" .`,
      );
      expect(rows.find((row) => row.type === 'TLSA')!.content).toBe(
        '3 1 1 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
      );

      const srv = await dns.resolveSrv(`_sips._tcp.${zone.name}`);
      expect(srv.map((entry) => `${entry.weight} ${entry.port} ${entry.name}`).sort()).toEqual([
        `40 5061 sip2.${zone.name}`,
        `60 5061 sip1.${zone.name}`,
      ]);
      const naptr = await dns.resolveNaptr(zone.name);
      expect(
        naptr.map((entry) => `${entry.order} ${entry.flags} ${entry.service} ${entry.replacement}`).sort(),
      ).toEqual([
        `10 S SIPS+D2T _sips._tcp.${zone.name}`,
        `20 S SIP+D2T _sip._tcp.${zone.name}`,
        `30 S SIP+D2U _sip._udp.${zone.name}`,
      ]);
      const caa = await dns.resolveCaa(zone.name);
      expect(caa).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ issue: 'letsencrypt.org' }),
          expect.objectContaining({ issuewild: ';' }),
          expect.objectContaining({ iodef: `mailto:security@${zone.name}` }),
        ]),
      );
    });

    it('should import a zone with $ORIGIN changes, relative names and blank owners', async () => {
      const zone = await createZone('campus');
      const result = await importText(zone, {
        format: 'bind',
        content: fixture('campus.test.zone', zone),
      }).expect(200);
      expect(result.body).toMatchObject({ imported_count: 26, skipped_count: 3 });
      const rows = await records(zone);
      expect(summary(rows)).toEqual(
        expect.arrayContaining([
          `ci.cs 86400 CNAME gitlab.cs.${zone.name}.`,
          `gitlab.cs 86400 AAAA 2001:db8:c5::12`,
          `*.ai.cs 86400 CNAME ai.cs.${zone.name}.`,
          `catalog.library 300 CNAME www.library.${zone.name}.`,
          `union 86400 NS ns1.union.${zone.name}.`,
          `@ 86400 MX 20 mx-backup.${zone.name}.`,
        ]),
      );
      expect(await dns.resolve4(`gpu2.ai.cs.${zone.name}`)).toEqual(['198.51.100.22']);
      expect(await dns.resolve4(`anything.ai.cs.${zone.name}`)).toEqual(['198.51.100.20']);
      expect(await dns.resolve6(`www.cs.${zone.name}`)).toEqual(['2001:db8:c5::11']);
      expect(await dns.resolveMx(`cs.${zone.name}`)).toEqual([{ priority: 10, exchange: `mx.${zone.name}` }]);
    });

    it('should import a zone with comments everywhere and TTL/class in either order', async () => {
      const zone = await createZone('legacy');
      const result = await importText(zone, {
        format: 'bind',
        content: fixture('legacy-hosting.test.zone', zone),
      }).expect(200);
      expect(result.body).toMatchObject({ imported_count: 13, skipped_count: 3 });
      const rows = summary(await records(zone));
      expect(rows).toEqual(
        expect.arrayContaining([
          'ns 3600 A 192.0.2.53',
          'ns2 3600 A 192.0.2.54',
          '@ 86400 A 192.0.2.80',
          'www 300 AAAA 2001:db8::80',
          `webmail 3600 CNAME www.${zone.name}.`,
          `@ 86400 MX 10 mail.${zone.name}.`,
          'info 86400 TXT "Office hours; Mon-Fri 9\\"-\\"17" "Call \\"support\\" first"',
        ]),
      );
      expect(rows.some((row) => row.startsWith('oldftp'))).toBe(false);
      expect(await dns.resolveTxt(`info.${zone.name}`)).toEqual([
        ['Office hours; Mon-Fri 9"-"17', 'Call "support" first'],
      ]);
      expect(await dns.resolveCname(`webmail.${zone.name}`)).toEqual([`www.${zone.name}`]);
    });
  });

  describe('export', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await createZone('export');
      await importText(zone, { format: 'bind', content: fixture('northwind-bakery.test.zone', zone) }).expect(
        200,
      );
      await importText(zone, {
        format: 'json',
        content: JSON.stringify({
          records: [
            { name: 'old', type: 'A', content: '192.0.2.99', ttl: 600, disabled: true },
            { name: 'cdn', type: 'ALIAS', content: 'edge.cdn.example.net.' },
            { name: 'utf', type: 'TXT', content: '"café \\007 ding"' },
          ],
        }),
      }).expect(200);
    });

    it('should export $ORIGIN, $TTL, SOA and NS, then the records, as a file named-checkzone loads', async () => {
      const response = await http().get(`/api/v1/domains/${zone.id}/export`).expect(200);
      expect(response.body).toMatchObject({ domain_id: zone.id, domain_name: zone.name, format: 'bind' });
      const text = response.body.zone_file as string;
      const lines = text.split('\n');
      expect(lines).toContain(`$ORIGIN ${zone.name}.`);
      expect(lines).toContain('$TTL 3600');
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^@ +3600 IN SOA +ns1\\.scaidns-e2e\\.test\\. hostmaster\\.${zone.name.replace(/\./g, '\\.')}\\. `,
          ),
        ),
      );
      expect(lines.filter((line) => / IN NS +ns[12]\.scaidns-e2e\.test\.$/.test(line))).toHaveLength(2);
      expect(lines).toContainEqual(expect.stringMatching(/^; disabled: old +600 IN A +192\.0\.2\.99$/));
      expect(lines).toContainEqual(
        expect.stringMatching(/^; alias: cdn +3600 IN ALIAS +edge\.cdn\.example\.net\.$/),
      );
      expect(lines).toContain(`www                  3600 IN CNAME ${zone.name}.`);
      expect(lines).toContainEqual(
        expect.stringMatching(/^selector1\._domainkey +3600 IN TXT +\( "v=DKIM1; k=rsa; "$/),
      );

      const checked = checkzone(zone.name, text);
      expect(checked).toMatch(/loaded serial \d+/);
      expect(checked.trim().split('\n').pop()).toBe('OK');
    });

    it('should download the same file as text/plain with an attachment name', async () => {
      const exported = await http().get(`/api/v1/domains/${zone.id}/export`).expect(200);
      const response = await http().get(`/api/v1/domains/${zone.id}/export/download`).expect(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${zone.name}.zone"`);
      const withoutTimestamp = (text: string) => text.replace(/^; Zone .*$/m, '');
      expect(withoutTimestamp(response.text)).toBe(withoutTimestamp(exported.body.zone_file as string));
    });

    it("should export a zone that is still pending validation, from ScaiDNS's own data", async () => {
      // alice holds no validation:bypass: her zone waits for validation and is not in PowerDNS yet.
      const pending = await http('alice')
        .post('/api/v1/domains/', { name: `pending-${run}.test`, domain_type: 'primary' })
        .expect(201);
      zones.push({ id: pending.body.id, name: pending.body.name });
      expect(pending.body.status).toBe('pending_validation');
      await http('alice')
        .post(`/api/v1/domains/${pending.body.id}/records`, { name: 'www', type: 'A', content: '192.0.2.1' })
        .expect(201);
      const response = await http('alice').get(`/api/v1/domains/${pending.body.id}/export`).expect(200);
      expect(response.body.zone_file).toMatch(/\nwww +3600 IN A +192\.0\.2\.1\n/);
      expect(checkzone(pending.body.name, response.body.zone_file).trim().split('\n').pop()).toBe('OK');
    });

    it('should audit exports', async () => {
      const rows = await t.app
        .get(DataSource)
        .query<AuditRow[]>(
          "SELECT details FROM audit_logs WHERE resource_id = ? AND action = 'domain.export'",
          [zone.id],
        );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      const details = rows.map((row) =>
        typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
      );
      expect(details).toContainEqual(
        expect.objectContaining({ format: 'bind', record_count: 17, download: true }),
      );
    });
  });

  it('should round-trip: export zone A, recreate it empty, import the export with replace, same records', async () => {
    const zone = await createZone('roundtrip');
    await importText(zone, { format: 'bind', content: fixture('voip-carrier.test.zone', zone) }).expect(200);
    await importText(zone, {
      format: 'json',
      content: JSON.stringify([
        { name: 'disabled-one', type: 'A', content: '192.0.2.5', ttl: 120, disabled: true },
        { name: '@', type: 'ALIAS', content: 'lb.example.net.' },
        { name: '*.wild', type: 'TXT', content: '"tab\\009 and quote \\" and semicolon ; and UTF-8 ü"' },
        { name: 'mapped', type: 'AAAA', content: '::ffff:192.0.2.7' },
        { name: 'null-mx', type: 'MX', content: '0 .' },
        { name: 'dkim._domainkey', type: 'TXT', content: `v=DKIM1; p=${'Q'.repeat(600)}` },
        {
          name: 'sub',
          type: 'DS',
          content: '12345 13 2 2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881',
        },
        { name: 'sub', type: 'NS', content: 'ns.sub-provider.example.' },
      ]),
    }).expect(200);
    const before = summary(await records(zone));
    expect(before).toHaveLength(33);

    const exported = await http().get(`/api/v1/domains/${zone.id}/export`).expect(200);
    const text = exported.body.zone_file as string;
    expect(checkzone(zone.name, text).trim().split('\n').pop()).toBe('OK');

    // The same name in the same tenant: hard-delete A, then B is a new, empty zone with A's name.
    await http().delete(`/api/v1/domains/${zone.id}?hard=true`).expect(204);
    const zoneB = await createZone('roundtrip');
    expect(zoneB.name).toBe(zone.name);
    expect(await records(zoneB)).toEqual([]);
    const imported = await importText(zoneB, { format: 'bind', mode: 'replace', content: text }).expect(200);
    expect(imported.body).toMatchObject({
      imported_count: 33,
      deleted_count: 0,
      unchanged_count: 0,
      skipped_count: 3,
    });
    expect(summary(await records(zoneB))).toEqual(before);
    expect(await dns.resolve6(`mapped.${zone.name}`)).toEqual(['::ffff:192.0.2.7']);
    expect(await dnsOutcome(dns.resolve4(`disabled-one.${zone.name}`))).not.toBe('OK');

    // Importing its own export again changes nothing.
    const again = await importText(zoneB, { format: 'bind', mode: 'replace', content: text }).expect(200);
    expect(again.body).toMatchObject({
      imported_count: 0,
      deleted_count: 0,
      updated_count: 0,
      unchanged_count: 33,
    });
  });

  describe('modes', () => {
    let zone: Zone;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      zone = await createZone('modes');
      for (const [name, content, ttl] of [
        ['www', '192.0.2.1', 3600],
        ['mail', '192.0.2.25', 300],
        ['old', '192.0.2.99', 3600],
      ] as const) {
        const created = await http()
          .post(`/api/v1/domains/${zone.id}/records`, { name, type: 'A', content, ttl })
          .expect(201);
        ids[name] = created.body.id;
      }
    });

    const text = (...lines: string[]) => `$TTL 3600\n${lines.join('\n')}\n`;

    it('should refuse a merge with a conflict (409 listing it) and write nothing', async () => {
      const response = await importText(zone, {
        format: 'bind',
        mode: 'merge',
        content: text('api A 192.0.2.7', 'www CNAME lb.example.net.'),
      }).expect(409);
      expect(response.body.detail).toMatchObject({
        conflict_count: 1,
        conflicts: [expect.objectContaining({ line: 3, name: 'www', type: 'CNAME', conflicts: [ids.www] })],
      });
      expect((await records(zone)).map((row) => row.display_name).sort()).toEqual(['mail', 'old', 'www']);
      expect(await dnsOutcome(dns.resolve4(`api.${zone.name}`))).not.toBe('OK');
    });

    it('should merge: add what is new, keep what is the same, apply a changed TTL', async () => {
      const response = await importText(zone, {
        format: 'bind',
        mode: 'merge',
        content: text('www A 192.0.2.1', 'mail 600 A 192.0.2.25', 'api A 192.0.2.7', '@ MX 10 mail'),
      }).expect(200);
      expect(response.body).toMatchObject({
        imported_count: 2,
        updated_count: 1,
        unchanged_count: 1,
        deleted_count: 0,
        conflict_count: 0,
      });
      const rows = await records(zone);
      expect(rows.find((row) => row.display_name === 'mail')).toMatchObject({ id: ids.mail, ttl: 600 });
      expect(await dns.resolve4(`api.${zone.name}`)).toEqual(['192.0.2.7']);
    });

    it('should skip_existing: add only at new name/type pairs, count the rest', async () => {
      const response = await importText(zone, {
        format: 'bind',
        mode: 'skip_existing',
        content: text(
          'www A 192.0.2.2',
          'www AAAA 2001:db8::1',
          'old CNAME elsewhere.example.net.',
          'mail 60 A 192.0.2.25',
        ),
      }).expect(200);
      expect(response.body).toMatchObject({
        imported_count: 1,
        skipped_count: 1,
        conflict_count: 1,
        unchanged_count: 1,
        updated_count: 0,
      });
      expect(response.body.skipped).toEqual([
        expect.objectContaining({ line: 2, reason: 'www already has A records' }),
      ]);
      expect(response.body.conflicts).toEqual([expect.objectContaining({ line: 4, conflicts: [ids.old] })]);
      expect(await dns.resolve4(`www.${zone.name}`)).toEqual(['192.0.2.1']);
      expect(await dns.resolve6(`www.${zone.name}`)).toEqual(['2001:db8::1']);
      expect((await records(zone)).find((row) => row.display_name === 'mail')!.ttl).toBe(600);
    });

    it('should preview a replace without writing anything', async () => {
      const before = await records(zone);
      const response = await http()
        .post(`/api/v1/domains/${zone.id}/import/preview`, {
          format: 'bind',
          mode: 'replace',
          content: text('www A 192.0.2.1', 'new A 192.0.2.8', 'bad A 999.0.0.1'),
        })
        .expect(200);
      expect(response.body).toMatchObject({
        mode: 'replace',
        unchanged: 1,
        valid: false,
        to_create: [expect.objectContaining({ display_name: 'new', line: 3 })],
        errors: [expect.objectContaining({ line: 4, message: expect.stringContaining('999.0.0.1') })],
      });
      expect(
        response.body.to_delete.map((row: RecordRow) => `${row.display_name} ${row.type}`).sort(),
      ).toEqual(['@ MX', 'api A', 'mail A', 'old A', 'www AAAA']);
      expect(await records(zone)).toEqual(before);
      const imports = await t.app
        .get(DataSource)
        .query<{ n: number | string }[]>(
          "SELECT COUNT(*) AS n FROM audit_logs WHERE resource_id = ? AND action = 'domain.import'",
          [zone.id],
        );
      expect(Number(imports[0].n)).toBe(2);
    });

    it('should replace: the zone ends up with exactly the import, equal records keep their ids', async () => {
      const response = await importText(zone, {
        format: 'bind',
        mode: 'replace',
        content: text('www A 192.0.2.1', 'new A 192.0.2.8'),
      }).expect(200);
      expect(response.body).toMatchObject({ imported_count: 1, unchanged_count: 1, deleted_count: 5 });
      const rows = await records(zone);
      expect(summary(rows)).toEqual(['new 3600 A 192.0.2.8', 'www 3600 A 192.0.2.1']);
      expect(rows.find((row) => row.display_name === 'www')!.id).toBe(ids.www);
      expect(await dnsOutcome(dns.resolve4(`old.${zone.name}`))).toBe('ENOTFOUND');
      expect(await dnsOutcome(dns.resolve6(`www.${zone.name}`))).toBe('ENODATA');
      expect(await dns.resolve4(`new.${zone.name}`)).toEqual(['192.0.2.8']);
    });

    it('should refuse a replace with nothing to import rather than empty the zone', async () => {
      const response = await importText(zone, {
        format: 'bind',
        mode: 'replace',
        content: '; nothing\n@ IN SOA a. b. 1 2 3 4 5\n',
      }).expect(400);
      expect(response.body.detail.message).toContain('no records');
      expect(await records(zone)).toHaveLength(2);
    });

    it('should audit imports with mode, format and counts', async () => {
      const rows = await t.app
        .get(DataSource)
        .query<AuditRow[]>(
          "SELECT details FROM audit_logs WHERE resource_id = ? AND action = 'domain.import' ORDER BY timestamp",
          [zone.id],
        );
      const details = rows.map((row) =>
        typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
      );
      expect(details).toEqual([
        expect.objectContaining({ mode: 'merge', format: 'bind', imported_count: 2, updated_count: 1 }),
        expect.objectContaining({ mode: 'skip_existing', imported_count: 1, conflict_count: 1 }),
        expect.objectContaining({ mode: 'replace', imported_count: 1, deleted_count: 5 }),
      ]);
    });

    it('should require records:delete for replace', async () => {
      await http()
        .post(`/api/v1/domains/${zone.id}/access-grants`, {
          grant_type: 'user',
          grantee_id: 'usr_bob',
          role: 'record_editor',
        })
        .expect(201);
      await importText(
        zone,
        { format: 'bind', mode: 'merge', content: text('bob A 192.0.2.30') },
        'bob',
      ).expect(200);
      const refused = await importText(
        zone,
        { format: 'bind', mode: 'replace', content: text('bob A 192.0.2.30') },
        'bob',
      ).expect(403);
      expect(refused.body.detail).toContain('records:delete');
      expect(await records(zone)).toHaveLength(3);
    });
  });

  describe('malformed and oversized imports', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await createZone('errors');
    });

    it.each([
      [
        'an unterminated quote',
        'a IN A 192.0.2.1\nb IN TXT "open\nc IN A 192.0.2.2\n',
        2,
        'unterminated quoted string',
      ],
      [
        'a record of another zone',
        'a IN A 192.0.2.1\n\nwww.example.org. IN A 192.0.2.2\n',
        3,
        'outside the zone',
      ],
      ['$INCLUDE', '$TTL 300\n$INCLUDE other.zone\n', 2, '$INCLUDE is not supported'],
      ['invalid content', '$TTL 300\nok IN A 192.0.2.1\nbad IN A 192.0.2.300\n', 3, '192.0.2.300'],
      [
        'a parenthesis never closed',
        'a IN A 192.0.2.1\nb IN TXT ( "x"\nc IN A 192.0.2.2\n',
        2,
        'never closed',
      ],
    ])(
      'should answer 400 naming the line for %s, and write nothing',
      async (_what, content, line, message) => {
        const response = await importText(zone, { format: 'bind', content }).expect(400);
        expect(response.body.detail).toMatchObject({
          line,
          message: expect.stringContaining(`line ${line}: `),
        });
        expect(response.body.detail.message).toContain(message);
        expect(await records(zone)).toEqual([]);
      },
    );

    it('should answer 422 for an unknown format or mode', async () => {
      await importText(zone, { format: 'tinydns', content: '' }).expect(422);
      await importText(zone, { format: 'bind', mode: 'overwrite', content: '' }).expect(422);
    });

    it('should answer 413 for content over 5 MB', async () => {
      const content = `; ${'x'.repeat(5 * 1024 * 1024)}\n`;
      const response = await importText(zone, { format: 'bind', content }).expect(413);
      expect(response.body.detail).toMatchObject({
        message: expect.stringContaining('5 MB'),
        max_bytes: 5 * 1024 * 1024,
      });
    });

    it('should answer 413 for more than 20,000 records', async () => {
      const content = Array.from(
        { length: 20_001 },
        (_, i) => `h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      ).join('\n');
      const response = await importText(zone, { format: 'bind', content }).expect(413);
      expect(response.body.detail).toMatchObject({ max_records: 20_000 });
    });

    it('should answer 413 for an uploaded file over 5 MB', async () => {
      const response = await http()
        .upload(`/api/v1/domains/${zone.id}/import/file`)
        .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 0x3b), 'big.zone')
        .expect(413);
      expect(response.body.detail).toBeDefined();
    });
  });

  describe('JSON, CSV and file uploads', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await createZone('formats');
    });

    it('should import JSON records, and a records listing as it is', async () => {
      const response = await importText(zone, {
        format: 'json',
        content: JSON.stringify({
          records: [
            { name: 'www', type: 'A', content: '192.0.2.1', ttl: 300 },
            { name: `api.${zone.name}`, type: 'CNAME', content: `www.${zone.name}` },
            { name: '@', type: 'NS', content: 'ns1.example.net.' },
          ],
        }),
      }).expect(200);
      expect(response.body).toMatchObject({ imported_count: 2, skipped_count: 1 });
      expect(await dns.resolveCname(`api.${zone.name}`)).toEqual([`www.${zone.name}`]);

      const listing = await http().get(`/api/v1/domains/${zone.id}/records?include_system=true`).expect(200);
      const again = await importText(zone, { format: 'json', content: JSON.stringify(listing.body) }).expect(
        200,
      );
      expect(again.body).toMatchObject({ imported_count: 0, unchanged_count: 2 });

      const bad = await importText(zone, {
        format: 'json',
        content: JSON.stringify([{ name: 'x', type: 'A', content: 'nope' }]),
      }).expect(400);
      expect(bad.body.detail).toMatchObject({ index: 0, message: expect.stringContaining('record 0: ') });
    });

    it('should import CSV with RFC 4180 quoting', async () => {
      const csv = [
        'name,type,content,ttl',
        'mail,A,192.0.2.25,600',
        '@,MX,"10 mail.' + zone.name + '.",',
        '@,TXT,"""v=spf1 mx -all"" ""second, with comma""",3600',
      ].join('\r\n');
      const response = await importText(zone, { format: 'csv', content: csv }).expect(200);
      expect(response.body).toMatchObject({ imported_count: 3 });
      expect(await dns.resolveTxt(zone.name)).toEqual([['v=spf1 mx -all', 'second, with comma']]);
      const bad = await importText(zone, {
        format: 'csv',
        content: 'name,type,content\nok,A,192.0.2.1\nbad,A\n',
      }).expect(400);
      expect(bad.body.detail).toMatchObject({ line: 3 });
    });

    it('should import an uploaded zone file, the format taken from its name', async () => {
      const content = `$TTL 300\nupload IN A 192.0.2.50\n  IN AAAA 2001:db8::50\n`;
      const response = await http()
        .upload(`/api/v1/domains/${zone.id}/import/file`)
        .field('mode', 'merge')
        .attach('file', Buffer.from(content), { filename: 'upload.zone', contentType: 'text/plain' })
        .expect(200);
      expect(response.body).toMatchObject({ format: 'bind', mode: 'merge', imported_count: 2 });
      expect(await dns.resolve6(`upload.${zone.name}`)).toEqual(['2001:db8::50']);
    });

    it('should take an explicit format for an uploaded file, and refuse unknown names or no file', async () => {
      const csv = 'name,type,content\nfromcsv,A,192.0.2.51\n';
      await http()
        .upload(`/api/v1/domains/${zone.id}/import/file`)
        .field('format', 'csv')
        .attach('file', Buffer.from(csv), 'export.data')
        .expect(200);
      const unknown = await http()
        .upload(`/api/v1/domains/${zone.id}/import/file`)
        .attach('file', Buffer.from(csv), 'export.data')
        .expect(400);
      expect(unknown.body.detail.message).toContain("Cannot tell the format of 'export.data'");
      await http().upload(`/api/v1/domains/${zone.id}/import/file`).field('mode', 'merge').expect(422);
      const malformed = await http()
        .upload(`/api/v1/domains/${zone.id}/import/file`)
        .attach('file', Buffer.from('a IN A 192.0.2.1\nb IN A x\n'), 'bad.zone')
        .expect(400);
      expect(malformed.body.detail).toMatchObject({ line: 2 });
    });
  });

  describe('tenant isolation', () => {
    let zone: Zone;

    beforeAll(async () => {
      zone = await createZone('isolated');
      await importText(zone, { format: 'bind', content: 'www 300 IN A 192.0.2.1\n' }).expect(200);
    });

    it('should answer 404 to another tenant on every import and export route', async () => {
      const carol = http('carol');
      const base = `/api/v1/domains/${zone.id}`;
      await carol.get(`${base}/export`).expect(404);
      await carol.get(`${base}/export/download`).expect(404);
      await carol.post(`${base}/import/text`, { format: 'bind', content: 'x A 192.0.2.1\n' }).expect(404);
      await carol.post(`${base}/import/preview`, { format: 'bind', content: 'x A 192.0.2.1\n' }).expect(404);
      await carol
        .upload(`${base}/import/file`)
        .attach('file', Buffer.from('x A 192.0.2.1\n'), 'x.zone')
        .expect(404);
      expect(summary(await records(zone))).toEqual(['www 300 A 192.0.2.1']);
    });
  });

  describe('timings', () => {
    it('should import, preview and export 5,000 records within seconds', async () => {
      const zone = await createZone('bulk');
      const lines = ['$TTL 3600'];
      for (let i = 0; i < 5_000; i++) {
        lines.push(
          i % 5 === 0 ? `txt${i} IN TXT "record number ${i}"` : `host${i} IN A 10.1.${i >> 8}.${i & 255}`,
        );
      }
      const content = `${lines.join('\n')}\n`;
      const measure = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        const result = await work();
        timings.push(`${label}: ${Date.now() - started} ms`);
        return result;
      };
      const imported = await measure('import 5,000 records (merge, empty zone)', () =>
        importText(zone, { format: 'bind', content }).expect(200),
      );
      expect(imported.body.imported_count).toBe(5_000);
      const preview = await measure('preview 5,000 records (all unchanged)', () =>
        http()
          .post(`/api/v1/domains/${zone.id}/import/preview`, { format: 'bind', mode: 'replace', content })
          .expect(200),
      );
      expect(preview.body).toMatchObject({ unchanged: 5_000, to_create: [], to_delete: [] });
      const exported = await measure('export 5,000 records', () =>
        http().get(`/api/v1/domains/${zone.id}/export`).expect(200),
      );
      const replaced = await measure('replace with the export (5,000 unchanged)', () =>
        importText(zone, { format: 'bind', mode: 'replace', content: exported.body.zone_file }).expect(200),
      );
      expect(replaced.body).toMatchObject({ unchanged_count: 5_000, imported_count: 0, deleted_count: 0 });
      expect(await dns.resolve4(`host4999.${zone.name}`)).toEqual(['10.1.19.135']);
    });
  });
});
