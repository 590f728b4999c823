import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { CONTENT_CASES, CASES_ZONE } from 'src/records/content/record-content.cases';
import { RECORD_TYPES, RecordType } from 'src/records/content/record-types';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

const run = promisify(execFile);

jest.setTimeout(120_000);

/** One stored PowerDNS rrset, as its HTTP API returns it. */
interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
}

/**
 * The quoted strings of canonical TXT / NAPTR presentation content, unescaped to what a resolver returns
 * (`"a\\"b" "c"` -> ['a"b', 'c']; `\DDD` is a byte; bytes decode as UTF-8).
 */
function characterStrings(text: string): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === ' ') {
      index++;
      continue;
    }
    if (text[index] !== '"') {
      throw new Error(`unquoted text in ${text}`);
    }
    index++;
    const bytes: number[] = [];
    while (text[index] !== '"') {
      if (text[index] === '\\') {
        if (/^[0-9]{3}$/.test(text.slice(index + 1, index + 4))) {
          bytes.push(Number(text.slice(index + 1, index + 4)));
          index += 4;
        } else {
          bytes.push(...Buffer.from(text[index + 1], 'utf8'));
          index += 2;
        }
      } else {
        const char = String.fromCodePoint(text.codePointAt(index)!);
        bytes.push(...Buffer.from(char, 'utf8'));
        index += char.length;
      }
    }
    index++;
    out.push(Buffer.from(bytes).toString('utf8'));
  }
  return out;
}

/** RFC 5952 form with the IPv4 tail in hex, whatever the input spelling (resolvers and ScaiDNS may differ there). */
function ipv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname;
}

/** node decodes TXT bytes as latin1; undo that, so strings compare as the UTF-8 they are. */
const utf8 = (text: string): string => Buffer.from(text, 'latin1').toString('utf8');

/** JSON with sorted keys (resolver objects come from another realm and in their own key order). */
const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

const bare = (host: string): string => (host === '.' ? '' : host.replace(/\.$/, ''));

/**
 * Every record type through the HTTP API (e2e): each valid row of the content tables (record-content.cases.ts) is
 * created with POST /domains/{id}/records, must come back in its canonical form, be stored verbatim by ScaiDNS's
 * PowerDNS and be answered over DNS; each invalid row is refused with a 4xx that says why, leaving PowerDNS alone.
 */
describe('Record types through the records API (e2e)', () => {
  let t: TestApp;
  let dns: Resolver;
  let admin: string;
  let domainId: string;
  let digAvailable = false;
  const zone = `rt-${randomBytes(4).toString('hex')}.test`;
  const fqdn = `${zone}.`;
  const nameservers = ['ns1.rt-e2e.test.', 'ns2.rt-e2e.test.'];

  const post = (path: string, body: object) =>
    t.http().post(path).set('Authorization', `Bearer ${admin}`).set('X-Tenant-ID', 'tnt_acme').send(body);
  const createRecord = (body: object) => post(`/api/v1/domains/${domainId}/records`, body);

  const pdnsRrsets = async (): Promise<PdnsRrset[]> => {
    const response = await fetch(`${t.stack.pdns.apiUrl}/api/v1/servers/localhost/zones/${fqdn}`, {
      headers: { 'X-API-Key': t.stack.pdns.apiKey },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rrsets: PdnsRrset[] };
    return body.rrsets.sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`));
  };
  const recordCount = async (): Promise<number> => {
    const [row] = await t.app
      .get(DataSource)
      .query<{ n: string }[]>('SELECT COUNT(*) AS n FROM records WHERE domain_id = ?', [domainId]);
    return Number(row.n);
  };
  const dig = async (name: string, type: string): Promise<string[]> => {
    const { stdout } = await run('dig', [
      '@127.0.0.1',
      '-p',
      String(t.stack.pdns.dnsPort),
      '+norec',
      '+noall',
      '+answer',
      '+authority',
      '+nosplit',
      '+time=2',
      '+tries=1',
      name,
      type,
    ]);
    return stdout
      .split('\n')
      .map((line) => line.split(/\s+/))
      .filter(
        (fields) => fields.length > 4 && fields[0].toLowerCase() === name.toLowerCase() && fields[3] === type,
      )
      .map((fields) => fields.slice(4).join(' '));
  };

  /** The case table's canonical value for our zone: rows written with `@` resolve to the zone apex. */
  const expectedCanonical = (input: string, canonical: string): string =>
    input.trim().split(/\s+/).includes('@') ? canonical.split(CASES_ZONE).join(fqdn) : canonical;

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_NAMESERVERS: nameservers.join(',') });
    dns = pdnsResolver(t.stack.pdns.dnsPort);
    admin = await userToken(t.stack, 'admin@scaidns.test');
    const created = await post('/api/v1/domains/', {
      name: zone,
      domain_type: 'primary',
      default_ttl: 300,
    }).expect(201);
    expect(created.body).toMatchObject({ name: zone, status: 'active' });
    domainId = created.body.id as string;
    digAvailable = await run('dig', ['-v']).then(
      () => true,
      () => false,
    );
  });

  afterAll(async () => {
    dns.cancel();
    await t.close();
  });

  /** Every valid row of every type but SOA, at `<type>-<row>`; all created before the DNS checks run. */
  const validRows = RECORD_TYPES.filter((type) => type !== 'SOA').flatMap((type) =>
    CONTENT_CASES[type].valid.map((row, index) => ({
      type,
      input: row.input,
      canonical: expectedCanonical(row.input, row.canonical),
      relative: `${type.toLowerCase()}-${index}`,
      name: `${type.toLowerCase()}-${index}.${fqdn}`,
    })),
  );
  const created = new Map<string, { id: string; content: string; status: number; body: unknown }>();

  it('should create every valid row of every type and answer its canonical content', async () => {
    expect(validRows.length).toBeGreaterThan(90);
    for (const row of validRows) {
      const response = await createRecord({ name: row.relative, type: row.type, content: row.input });
      created.set(row.name + row.type, {
        id: response.body?.id,
        content: response.body?.content,
        status: response.status,
        body: response.body,
      });
    }
    const mismatches = validRows
      .map((row) => ({ row, result: created.get(row.name + row.type)! }))
      .filter(({ row, result }) => result.status !== 201 || result.content !== row.canonical)
      .map(
        ({ row, result }) =>
          `${row.type} ${JSON.stringify(row.input)} -> ${result.status} ${JSON.stringify(result.status === 201 ? result.content : result.body)} (expected ${JSON.stringify(row.canonical)})`,
      );
    expect(mismatches).toEqual([]);
    expect(await recordCount()).toBe(validRows.length);
  });

  it('should have PowerDNS store exactly the canonical content of every created record', async () => {
    const stored = new Map((await pdnsRrsets()).map((rrset) => [`${rrset.name} ${rrset.type}`, rrset]));
    const differences = validRows
      .map((row) => ({ row, rrset: stored.get(`${row.name} ${row.type}`) }))
      .filter(
        ({ row, rrset }) =>
          rrset?.records.length !== 1 ||
          rrset.records[0].content !== row.canonical ||
          rrset.records[0].disabled ||
          rrset.ttl !== 300,
      )
      .map(
        ({ row, rrset }) =>
          `${row.type} ${row.name}: ${JSON.stringify(rrset ?? null)} (expected ${JSON.stringify(row.canonical)})`,
      );
    expect(differences).toEqual([]);
  });

  it('should answer every record over DNS', async () => {
    const failures: string[] = [];
    /** What the resolver answers for the row, and what it must answer; null when node's resolver cannot ask. */
    const answer = async (
      row: (typeof validRows)[number],
    ): Promise<{ actual: unknown; expected: unknown } | null> => {
      const c = row.canonical;
      const words = c.split(' ');
      switch (row.type as RecordType) {
        case 'A':
          return { actual: await dns.resolve4(row.name), expected: [c] };
        case 'AAAA':
          return { actual: (await dns.resolve6(row.name)).map(ipv6), expected: [ipv6(c)] };
        case 'MX':
          return {
            actual: await dns.resolveMx(row.name),
            expected: [{ priority: Number(words[0]), exchange: bare(words[1]) }],
          };
        case 'TXT':
          return {
            actual: (await dns.resolveTxt(row.name)).map((strings) => strings.map(utf8)),
            expected: [characterStrings(c)],
          };
        case 'CNAME':
          return { actual: await dns.resolveCname(row.name), expected: [bare(c)] };
        case 'SRV':
          return {
            actual: await dns.resolveSrv(row.name),
            expected: [
              {
                priority: Number(words[0]),
                weight: Number(words[1]),
                port: Number(words[2]),
                name: bare(words[3]),
              },
            ],
          };
        case 'PTR':
          return { actual: await dns.resolvePtr(row.name), expected: [bare(c)] };
        case 'CAA': {
          const [flags, tag] = words;
          const value = characterStrings(words.slice(2).join(' '))[0];
          if (value === '') {
            // c-ares refuses a CAA with an empty value (EBADRESP); dig below shows it is served.
            return null;
          }
          return {
            actual: await dns.resolveCaa(row.name),
            expected: [{ critical: Number(flags), [tag]: value }],
          };
        }
        case 'NAPTR': {
          const match = /^(\d+) (\d+) (".*") (\S+)$/.exec(c)!;
          const [flags, service, regexp] = characterStrings(match[3]);
          return {
            actual: await dns.resolveNaptr(row.name),
            expected: [
              {
                order: Number(match[1]),
                preference: Number(match[2]),
                flags,
                service,
                regexp,
                replacement: bare(match[4]),
              },
            ],
          };
        }
        case 'NS':
        case 'SSHFP':
        case 'TLSA':
        case 'DNAME':
        case 'DS':
        case 'ALIAS':
        case 'SOA':
          return null;
      }
    };
    let digged = 0;
    for (const row of validRows) {
      try {
        const result = await answer(row);
        if (result && stable(result.actual) !== stable(result.expected)) {
          failures.push(
            `${row.type} ${row.name}: answered ${JSON.stringify(result.actual)}, expected ${JSON.stringify(result.expected)}`,
          );
        }
        // node's resolver has no call for SSHFP, TLSA, DNAME and DS, and an NS below the apex is a referral.
        if (!result && digAvailable && ['NS', 'SSHFP', 'TLSA', 'DNAME', 'DS', 'CAA'].includes(row.type)) {
          const answers = (await dig(row.name, row.type)).map((line) => line.toLowerCase());
          digged++;
          if (JSON.stringify(answers) !== JSON.stringify([row.canonical.toLowerCase()])) {
            failures.push(
              `${row.type} ${row.name}: dig answered ${JSON.stringify(answers)}, expected ${JSON.stringify(row.canonical)}`,
            );
          }
        }
      } catch (error) {
        failures.push(
          `${row.type} ${row.name} ${JSON.stringify(row.canonical)}: ${String((error as Error).message ?? error)}`,
        );
      }
    }
    if (digAvailable) {
      expect(digged).toBeGreaterThan(15);
    }
    expect(failures).toEqual([]);
  });

  it('should serve the SOA and apex NS that ScaiDNS manages, and refuse to create SOA or apex NS records', async () => {
    expect(await dns.resolveSoa(zone)).toMatchObject({
      nsname: bare(nameservers[0]),
      hostmaster: `hostmaster.${zone}`,
      refresh: 10800,
      retry: 3600,
      expire: 604800,
      minttl: 3600,
    });
    expect((await dns.resolveNs(zone)).sort()).toEqual(nameservers.map(bare));
    const before = await pdnsRrsets();
    for (const row of CONTENT_CASES.SOA.valid) {
      for (const name of ['@', 'soa']) {
        const response = await createRecord({ name, type: 'SOA', content: row.input }).expect(400);
        expect(JSON.stringify(response.body.detail)).toContain('SOA records are managed by ScaiDNS');
      }
    }
    for (const content of ['ns1.example.net.', nameservers[0]]) {
      const response = await createRecord({ name: '@', type: 'NS', content }).expect(400);
      expect(JSON.stringify(response.body.detail)).toContain('NS records are managed by ScaiDNS');
      await createRecord({ name: fqdn, type: 'NS', content }).expect(400);
    }
    await createRecord({ name: '@', type: 'CNAME', content: 'elsewhere.example.net.' }).expect(400);
    await createRecord({ name: '@', type: 'DS', content: CONTENT_CASES.DS.valid[0].input }).expect(400);
    await createRecord({ name: '*.deleg', type: 'NS', content: 'ns1.example.net.' }).expect(400);
    await createRecord({ name: '*.deleg', type: 'DS', content: CONTENT_CASES.DS.valid[0].input }).expect(400);
    expect(await pdnsRrsets()).toEqual(before);
  });

  it('should refuse every invalid row with a 4xx that says why, and leave PowerDNS and the database unchanged', async () => {
    const before = await pdnsRrsets();
    const count = await recordCount();
    const problems: string[] = [];
    for (const type of RECORD_TYPES) {
      for (const [index, row] of CONTENT_CASES[type].invalid.entries()) {
        const response = await createRecord({
          name: `bad-${type.toLowerCase()}-${index}`,
          type,
          content: row.input,
        });
        const detail = response.body?.detail;
        const text = typeof detail === 'string' ? detail : JSON.stringify(detail ?? null);
        const ok =
          (response.status === 400 &&
            text.includes(type === 'SOA' ? 'SOA records are managed' : row.error)) ||
          // Schema errors (empty or over-long content) are 422 with FastAPI's list of {loc, msg, type}.
          (response.status === 422 &&
            Array.isArray(detail) &&
            detail.some((item: { loc: string[] }) => item.loc.includes('content')));
        if (!ok) {
          problems.push(
            `${type} ${JSON.stringify(row.input).slice(0, 60)}: ${response.status} ${text.slice(0, 200)} (expected 400 mentioning ${JSON.stringify(row.error)})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await pdnsRrsets()).toEqual(before);
    expect(await recordCount()).toBe(count);
  });

  it('should apply the TTL bounds (60 s to 1 week) and the zone default', async () => {
    const low = await createRecord({ name: 'ttl-low', type: 'A', content: '192.0.2.1', ttl: 59 }).expect(400);
    expect(low.body.detail).toContain('TTL must be');
    await createRecord({ name: 'ttl-high', type: 'A', content: '192.0.2.1', ttl: 604_801 }).expect(400);
    await createRecord({ name: 'ttl-zero', type: 'A', content: '192.0.2.1', ttl: 0 }).expect(400);
    await createRecord({ name: 'ttl-neg', type: 'A', content: '192.0.2.1', ttl: -300 }).expect(400);
    const fraction = await createRecord({
      name: 'ttl-frac',
      type: 'A',
      content: '192.0.2.1',
      ttl: 300.5,
    }).expect(422);
    expect(fraction.body.detail[0].loc).toEqual(['body', 'ttl']);
    await createRecord({ name: 'ttl-str', type: 'A', content: '192.0.2.1', ttl: '300' }).expect(422);

    const min = await createRecord({ name: 'ttl-min', type: 'A', content: '192.0.2.1', ttl: 60 }).expect(201);
    const max = await createRecord({ name: 'ttl-max', type: 'A', content: '192.0.2.1', ttl: 604_800 }).expect(
      201,
    );
    const fallback = await createRecord({ name: 'ttl-default', type: 'A', content: '192.0.2.1' }).expect(201);
    expect([min.body.ttl, max.body.ttl, fallback.body.ttl]).toEqual([60, 604_800, 300]);
    expect(await dns.resolve4(`ttl-min.${zone}`, { ttl: true })).toEqual([{ address: '192.0.2.1', ttl: 60 }]);
    expect(await dns.resolve4(`ttl-max.${zone}`, { ttl: true })).toEqual([
      { address: '192.0.2.1', ttl: 604_800 },
    ]);
    expect(await dns.resolve4(`ttl-default.${zone}`, { ttl: true })).toEqual([
      { address: '192.0.2.1', ttl: 300 },
    ]);
    expect(await dnsOutcome(dns.resolve4(`ttl-low.${zone}`))).toBe('ENOTFOUND');
  });

  it('should refuse unknown and missing record types', async () => {
    for (const type of ['FOO', 'SPF', 'ANY', 'A6', 'TYPE1']) {
      const response = await createRecord({ name: 'unknown-type', type, content: '192.0.2.1' }).expect(400);
      expect(response.body.detail).toContain('Unsupported record type');
    }
    const missing = await createRecord({ name: 'no-type', content: '192.0.2.1' }).expect(422);
    expect(missing.body.detail.map((item: { loc: string[] }) => item.loc)).toContainEqual(['body', 'type']);
    await createRecord({ name: 'num-type', type: 1, content: '192.0.2.1' }).expect(422);
    expect(await dnsOutcome(dns.resolve4(`unknown-type.${zone}`))).toBe('ENOTFOUND');
  });

  it('should read names as @, relative, absolute with or without the dot, wildcard and IDN, and refuse names outside the zone', async () => {
    const cases: { name: string; fqdn: string; display: string; query?: string }[] = [
      { name: '@', fqdn: zone, display: '@' },
      { name: 'www', fqdn: `www.${zone}`, display: 'www' },
      { name: 'a.b.deep', fqdn: `a.b.deep.${zone}`, display: 'a.b.deep' },
      { name: 'UPPER.Case', fqdn: `upper.case.${zone}`, display: 'upper.case' },
      { name: `abs-dot.${fqdn}`, fqdn: `abs-dot.${zone}`, display: 'abs-dot' },
      { name: `abs-nodot.${zone}`, fqdn: `abs-nodot.${zone}`, display: 'abs-nodot' },
      { name: `ABS-UPPER.${zone.toUpperCase()}.`, fqdn: `abs-upper.${zone}`, display: 'abs-upper' },
      { name: zone, fqdn: zone, display: '@' },
      { name: '*.wild', fqdn: `*.wild.${zone}`, display: '*.wild', query: `anything.wild.${zone}` },
      { name: 'bücher', fqdn: `xn--bcher-kva.${zone}`, display: 'xn--bcher-kva' },
      { name: `münchen.${zone}.`, fqdn: `xn--mnchen-3ya.${zone}`, display: 'xn--mnchen-3ya' },
      { name: '_dmarc', fqdn: `_dmarc.${zone}`, display: '_dmarc' },
    ];
    for (const [index, item] of cases.entries()) {
      const content = `"name-${index}"`;
      const response = await createRecord({ name: item.name, type: 'TXT', content }).expect(201);
      expect(response.body).toMatchObject({
        name: item.fqdn,
        display_name: item.display,
        type: 'TXT',
        content,
      });
      expect(await dns.resolveTxt(item.query ?? item.fqdn)).toContainEqual([`name-${index}`]);
    }

    const before = await pdnsRrsets();
    const outside = [
      `www.other-${zone}.`,
      'www.example.com.',
      'example.org.',
      `x.${zone}.evil.test.`,
      '.',
      'a..b',
      '-bad',
      'a b',
      'tab\there',
      'www.*',
      `${'a'.repeat(64)}`,
      `${'abcdefghi.'.repeat(25)}x`,
      'ex ample',
      'café!',
    ];
    for (const name of outside) {
      const response = await createRecord({ name, type: 'A', content: '192.0.2.9' });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(typeof response.body.detail).toBe('string');
    }
    const outsideZone = await createRecord({
      name: 'www.example.com.',
      type: 'A',
      content: '192.0.2.9',
    }).expect(400);
    expect(outsideZone.body.detail).toContain('outside the zone');
    await createRecord({ name: '', type: 'A', content: '192.0.2.9' }).expect(422);
    expect(await pdnsRrsets()).toEqual(before);
  });
});
