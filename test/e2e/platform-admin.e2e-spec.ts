import { ScaiKeySyncService } from 'src/scaikey-sync/scaikey-sync.service';
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { listRoutes } from 'src/auth/route-catalogue';
import { pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

jest.setTimeout(120_000);

const PLATFORM_PERMISSIONS = ['platform:manage', 'tenants:read', 'tenants:manage'];
const ENV_NAMESERVERS = ['ns1.pa-e2e.test.', 'ns2.pa-e2e.test.'];

describe('Platform administration (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let scaidnsDns: Resolver;
  const tokens: Record<string, string> = {};
  const suffix = randomBytes(4).toString('hex');
  /** Zones to hard-delete at the end: [tenant reference, zone id]. */
  const cleanup: [string, string][] = [];

  const as = (who: 'admin' | 'alice', tenant?: string) => ({
    Authorization: `Bearer ${tokens[who]}`,
    ...(tenant ? { 'X-Tenant-ID': tenant } : {}),
  });
  const admin = () => ({
    get: (path: string) => t.http().get(path).set(as('admin')),
    post: (path: string, body: object = {}) => t.http().post(path).set(as('admin')).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(as('admin')).send(body),
    put: (path: string, body: object) => t.http().put(path).set(as('admin')).send(body),
  });

  type AuditRow = {
    tenant_id: string | null;
    actor_id: string | null;
    details: string | Record<string, unknown>;
  };
  const auditRows = (action: string, resourceId: string) =>
    db.query<AuditRow[]>(
      'SELECT tenant_id, actor_id, details FROM audit_logs WHERE action = ? AND resource_id = ? ORDER BY timestamp',
      [action, resourceId],
    );
  const details = (row: AuditRow): Record<string, unknown> =>
    typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details;

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_NAMESERVERS: ENV_NAMESERVERS.join(',') });
    db = t.app.get(DataSource);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    tokens.admin = await userToken(t.stack, 'admin@scaidns.test');
    tokens.alice = await userToken(t.stack, 'alice@acme.test');
    // Signing in caches both users (and tenant acme, partner prt_demo) locally.
    await t.http().get('/api/v1/me').set(as('admin')).expect(200);
    await t.http().get('/api/v1/me').set(as('alice')).expect(200);
  });

  afterAll(async () => {
    await t.http().post('/api/v1/admin/tenants/tnt_acme/activate').set(as('admin'));
    for (const [tenant, id] of cleanup) {
      await t.http().delete(`/api/v1/domains/${id}?hard=true`).set(as('admin', tenant));
    }
    await t.close();
  });

  describe('runtime configuration', () => {
    it('should list every known key with its effective value, defaults from the environment', async () => {
      const response = await admin().get('/api/v1/admin/config/').expect(200);
      const byKey = Object.fromEntries(
        (
          response.body.configs as {
            key: string;
            value: string;
            description: string;
            edited_through: string | null;
          }[]
        ).map((entry) => [entry.key, entry]),
      );
      expect(Object.keys(byKey).sort()).toEqual([
        'dns.authoritative_domains',
        'dns.nameservers',
        'validation.challenge_ttl',
      ]);
      expect(byKey['validation.challenge_ttl']).toMatchObject({
        value: '3600',
        source: 'default',
        updated_at: null,
        updated_by: null,
        edited_through: null,
      });
      expect(byKey['validation.challenge_ttl'].description).toContain('validation challenge');
      expect(JSON.parse(byKey['dns.nameservers'].value)).toEqual(ENV_NAMESERVERS);
      expect(byKey['dns.nameservers'].edited_through).toBe('PUT /api/v1/admin/nameservers');
      expect(byKey['dns.authoritative_domains']).toMatchObject({ value: '[]', source: 'default' });
    });

    it('should read one key and answer 404 for an unknown key', async () => {
      const one = await admin().get('/api/v1/admin/config/validation.challenge_ttl').expect(200);
      expect(one.body).toMatchObject({ key: 'validation.challenge_ttl', value: '3600' });
      const unknown = await admin().get('/api/v1/admin/config/rate_limit.default_per_minute').expect(404);
      expect(unknown.body.detail).toBe('Unknown configuration key: rate_limit.default_per_minute');
      await admin().patch('/api/v1/admin/config/no.such.key', { value: '1' }).expect(404);
    });

    it('should refuse invalid values with 400, non-strings with 422, and keys that have their own route', async () => {
      for (const value of ['59', '2592001', 'an hour', '1.5', '']) {
        const response = await admin()
          .patch('/api/v1/admin/config/validation.challenge_ttl', { value })
          .expect(400);
        expect(response.body.detail).toContain('validation.challenge_ttl must be');
      }
      await admin().patch('/api/v1/admin/config/validation.challenge_ttl', { value: 7200 }).expect(422);
      await admin().patch('/api/v1/admin/config/validation.challenge_ttl', {}).expect(422);
      await admin()
        .patch('/api/v1/admin/config/validation.challenge_ttl', { value: '7200', extra: 1 })
        .expect(422);
      const nameservers = await admin()
        .patch('/api/v1/admin/config/dns.nameservers', { value: '["a.example.net.","b.example.net."]' })
        .expect(400);
      expect(nameservers.body.detail).toBe(
        'dns.nameservers cannot be changed here: use PUT /api/v1/admin/nameservers',
      );
      await admin().patch('/api/v1/admin/config/dns.authoritative_domains', { value: '[]' }).expect(400);
      // Nothing was stored by the refused requests.
      expect(
        (await admin().get('/api/v1/admin/config/validation.challenge_ttl').expect(200)).body.source,
      ).toBe('default');
    });

    it('should apply a patched validation.challenge_ttl to the next validation at once, and audit the change', async () => {
      const me = await t.http().get('/api/v1/me').set(as('admin')).expect(200);
      const adminUserId = me.body.data.id as string;

      for (const ttl of [7200, 900]) {
        const patched = await admin()
          .patch('/api/v1/admin/config/validation.challenge_ttl', { value: ` ${ttl} ` })
          .expect(200);
        expect(patched.body).toMatchObject({
          key: 'validation.challenge_ttl',
          value: String(ttl),
          source: 'stored',
        });
        expect(patched.body.updated_by).toBe(adminUserId);
        expect(Date.parse(patched.body.updated_at)).toBeGreaterThan(Date.now() - 60_000);

        // Alice holds no validation bypass: her zone starts a challenge, which expires after the new TTL.
        const before = Date.now();
        const zone = await t
          .http()
          .post('/api/v1/domains/')
          .set(as('alice'))
          .send({ name: `pa-ttl-${ttl}-${suffix}.test`, domain_type: 'primary' })
          .expect(201);
        cleanup.push(['tnt_acme', zone.body.id]);
        expect(zone.body.status).toBe('pending_validation');
        const validation = await t
          .http()
          .get(`/api/v1/domains/${zone.body.id}/validation`)
          .set(as('alice'))
          .expect(200);
        const expiresIn = (Date.parse(validation.body.expires_at) - before) / 1000;
        expect(expiresIn).toBeGreaterThan(ttl - 30);
        expect(expiresIn).toBeLessThan(ttl + 30);
      }

      const audit = await auditRows('platform_config.update', 'validation.challenge_ttl');
      expect(audit).toHaveLength(2);
      expect(audit[0].tenant_id).toBeNull();
      expect(audit[0].actor_id).toBe(adminUserId);
      expect(details(audit[0])).toMatchObject({
        before: { value: '3600', source: 'default' },
        after: { value: '7200' },
      });
      expect(details(audit[1])).toMatchObject({
        before: { value: '7200', source: 'stored' },
        after: { value: '900' },
      });
    });
  });

  describe('nameservers and authoritative domains', () => {
    it('should read the nameservers and refuse invalid lists with a clear 400 (nothing stored)', async () => {
      expect((await admin().get('/api/v1/admin/nameservers/').expect(200)).body).toEqual({
        nameservers: ENV_NAMESERVERS,
      });
      const cases: [unknown[], string][] = [
        [['ns1.only.test'], 'Give between 2 and 13 nameservers (got 1)'],
        [
          Array.from({ length: 14 }, (_, index) => `ns${index}.many.test`),
          'Give between 2 and 13 nameservers (got 14)',
        ],
        [['ns1.dup.test', 'NS1.dup.test.'], "Nameserver 'ns1.dup.test.' is listed twice"],
        [['192.0.2.53', 'ns2.ip.test'], "Nameserver '192.0.2.53' is an IP address"],
        [['ns1.bad.test', 'ns_2.bad.test'], 'underscores are not allowed'],
        [['ns1.bad.test', 'single'], 'needs at least two labels'],
      ];
      for (const [nameservers, message] of cases) {
        const response = await admin().put('/api/v1/admin/nameservers', { nameservers }).expect(400);
        expect(response.body.detail).toContain(message);
      }
      await admin().put('/api/v1/admin/nameservers', { nameservers: 'ns1.x.test' }).expect(422);
      await admin()
        .put('/api/v1/admin/nameservers', { nameservers: ['ns1.x.test', 7] })
        .expect(422);
      expect((await admin().get('/api/v1/admin/nameservers').expect(200)).body).toEqual({
        nameservers: ENV_NAMESERVERS,
      });
      await admin().get('/api/v1/admin/nameservers/jobs/00000000-0000-4000-8000-000000000000').expect(404);
      await admin().get('/api/v1/admin/nameservers/jobs/not-a-uuid').expect(422);
    });

    it('should round-trip the authoritative domains, normalised, validated and audited', async () => {
      expect((await admin().get('/api/v1/admin/authoritative-domains/').expect(200)).body).toEqual({
        domains: [],
      });
      const put = await admin()
        .put('/api/v1/admin/authoritative-domains', { domains: ['Scaidns-E2E.TEST.', 'ops.bücher.example'] })
        .expect(200);
      expect(put.body).toEqual({ domains: ['scaidns-e2e.test', 'ops.xn--bcher-kva.example'] });
      expect((await admin().get('/api/v1/admin/authoritative-domains').expect(200)).body).toEqual(put.body);
      const config = await admin().get('/api/v1/admin/config/dns.authoritative_domains').expect(200);
      expect(config.body).toMatchObject({ source: 'stored', value: JSON.stringify(put.body.domains) });

      expect(
        (
          await admin()
            .put('/api/v1/admin/authoritative-domains', { domains: ['a.test', 'A.test.'] })
            .expect(400)
        ).body.detail,
      ).toContain('listed twice');
      expect(
        (
          await admin()
            .put('/api/v1/admin/authoritative-domains', { domains: ['com'] })
            .expect(400)
        ).body.detail,
      ).toContain('at least two labels');
      await admin().put('/api/v1/admin/authoritative-domains', { domains: 'a.test' }).expect(422);
      expect((await admin().get('/api/v1/admin/authoritative-domains').expect(200)).body).toEqual(put.body);

      const cleared = await admin().put('/api/v1/admin/authoritative-domains', { domains: [] }).expect(200);
      expect(cleared.body).toEqual({ domains: [] });
      const audit = await auditRows('platform.authoritative_domains.update', 'dns.authoritative_domains');
      expect(audit.map(details)).toEqual([
        expect.objectContaining({ before: { domains: [] }, after: { domains: put.body.domains } }),
        expect.objectContaining({ before: { domains: put.body.domains }, after: { domains: [] } }),
      ]);
    });
  });

  describe('access', () => {
    it('should refuse every platform route to a tenant admin (403) and to anonymous callers (401)', async () => {
      const routes = listRoutes(t.app).filter((route) => PLATFORM_PERMISSIONS.includes(route.access));
      const mine = routes.filter((route) =>
        /^\/api\/v1\/admin\/(config|nameservers|authoritative-domains|partners|tenants)/.test(route.path),
      );
      expect(mine.map((route) => `${route.method} ${route.path} ${route.access}`)).toEqual(
        expect.arrayContaining([
          'GET /api/v1/admin/config platform:manage',
          'PATCH /api/v1/admin/config/:key platform:manage',
          'PUT /api/v1/admin/nameservers platform:manage',
          'GET /api/v1/admin/nameservers/jobs/:job_id platform:manage',
          'PUT /api/v1/admin/authoritative-domains platform:manage',
          'GET /api/v1/admin/partners tenants:read',
          'GET /api/v1/admin/partners/:partner_id tenants:read',
          'GET /api/v1/admin/tenants tenants:read',
          'GET /api/v1/admin/tenants/:tenant_id tenants:read',
          'POST /api/v1/admin/tenants tenants:manage',
          'PATCH /api/v1/admin/tenants/:tenant_id tenants:manage',
          'POST /api/v1/admin/tenants/:tenant_id/suspend tenants:manage',
          'POST /api/v1/admin/tenants/:tenant_id/activate tenants:manage',
        ]),
      );
      expect(mine).toHaveLength(17);
      const values: Record<string, string> = {
        key: 'validation.challenge_ttl',
        job_id: '00000000-0000-4000-8000-000000000000',
        partner_id: 'prt_demo',
        tenant_id: 'tnt_acme',
      };
      const bodies: Record<string, object> = {
        'PATCH /api/v1/admin/config/:key': { value: '60' },
        'PUT /api/v1/admin/nameservers': { nameservers: ['ns1.evil.test', 'ns2.evil.test'] },
        'PUT /api/v1/admin/authoritative-domains': { domains: ['evil.test'] },
        'POST /api/v1/admin/tenants': {
          name: 'Evil',
          slug: `evil-${suffix}`,
          scaikey_tenant_id: `tnt_evil_${suffix}`,
        },
        'PATCH /api/v1/admin/tenants/:tenant_id': { name: 'Evil' },
      };
      const wrong: string[] = [];
      for (const route of routes) {
        const path = route.path.replace(
          /:([a-z_]+)/g,
          (_match, name: string) => values[name] ?? '00000000-0000-4000-8000-000000000000',
        );
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const body = bodies[`${route.method} ${route.path}`] ?? {};
        const asAlice = await t.http()[method](path).set(as('alice')).send(body);
        const anonymous = await t.http()[method](path).send(body);
        if (asAlice.status !== 403 || anonymous.status !== 401) {
          wrong.push(`${route.method} ${route.path}: alice ${asAlice.status}, anonymous ${anonymous.status}`);
        }
      }
      expect(wrong).toEqual([]);
      // None of alice's attempts changed anything.
      expect(
        (await admin().get('/api/v1/admin/config/validation.challenge_ttl').expect(200)).body.value,
      ).not.toBe('60');
      expect((await admin().get('/api/v1/admin/nameservers').expect(200)).body.nameservers).toEqual(
        ENV_NAMESERVERS,
      );
      expect((await admin().get('/api/v1/admin/authoritative-domains').expect(200)).body.domains).toEqual([]);
      await admin().get(`/api/v1/admin/tenants/evil-${suffix}`).expect(404);
      expect((await admin().get('/api/v1/admin/tenants/tnt_acme').expect(200)).body.name).not.toBe('Evil');
    });
  });

  describe('partners and tenants', () => {
    let partnerId: string;

    it('should list and read partners from the local cache', async () => {
      const list = await admin().get('/api/v1/admin/partners/?page_size=100').expect(200);
      expect(list.body).toMatchObject({ page: 1, page_size: 100 });
      const demo = (list.body.data as { scaikey_partner_id: string }[]).find(
        (partner) => partner.scaikey_partner_id === 'prt_demo',
      );
      expect(demo).toMatchObject({ status: 'active', tenant_count: expect.any(Number) });
      partnerId = (demo as unknown as { id: string }).id;
      expect((demo as unknown as { tenant_count: number }).tenant_count).toBeGreaterThanOrEqual(1);
      const byScaiKeyId = await admin().get('/api/v1/admin/partners/prt_demo').expect(200);
      const byId = await admin().get(`/api/v1/admin/partners/${partnerId}`).expect(200);
      expect(byId.body).toEqual(byScaiKeyId.body);
      expect(
        (await admin().get('/api/v1/admin/partners?search=prt_de').expect(200)).body.total,
      ).toBeGreaterThanOrEqual(1);
      expect(
        (await admin().get('/api/v1/admin/partners?search=no-such-partner').expect(200)).body,
      ).toMatchObject({ total: 0, data: [] });
      await admin().get('/api/v1/admin/partners/prt_nobody').expect(404);
      await admin().get('/api/v1/admin/partners?page_size=1000').expect(422);
    });

    it('should list tenants with filters and read one by id, ScaiKey id or slug, with counts', async () => {
      const list = await admin().get('/api/v1/admin/tenants/?search=tnt_acme').expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, page_size: 50, total_pages: 1 });
      const acme = list.body.data[0];
      expect(acme).toMatchObject({
        scaikey_tenant_id: 'tnt_acme',
        status: 'active',
        scaikey_partner_id: 'prt_demo',
      });
      expect(
        (await admin().get('/api/v1/admin/tenants?status=suspended&search=tnt_acme').expect(200)).body.total,
      ).toBe(0);
      await admin().get('/api/v1/admin/tenants?status=gone').expect(422);

      const bySlug = await admin().get(`/api/v1/admin/tenants/${acme.slug}`).expect(200);
      const byScaiKeyId = await admin().get('/api/v1/admin/tenants/tnt_acme').expect(200);
      const byId = await admin().get(`/api/v1/admin/tenants/${acme.id}`).expect(200);
      expect(bySlug.body).toEqual(byId.body);
      expect(byScaiKeyId.body).toEqual(byId.body);
      // Alice's two pending zones, admin and alice, no API keys yet.
      expect(byId.body).toMatchObject({ id: acme.id, zone_count: 2, user_count: 2, api_key_count: 0 });
      await admin().get('/api/v1/admin/tenants/tnt_nobody').expect(404);
    });

    it('should create a tenant, refuse duplicates with 409, and patch it with an audit trail', async () => {
      const slug = `initech-${suffix}`;
      const scaikeyId = `tnt-initech-${suffix}`;
      const created = await admin()
        .post('/api/v1/admin/tenants/', {
          name: ' Initech ',
          slug,
          scaikey_tenant_id: scaikeyId,
          partner_id: 'prt_demo',
          settings: { plan: 'gold' },
        })
        .expect(201);
      expect(created.body).toMatchObject({
        name: 'Initech',
        slug,
        scaikey_tenant_id: scaikeyId,
        status: 'active',
        partner_id: partnerId,
        scaikey_partner_id: 'prt_demo',
        settings: { plan: 'gold' },
        zone_count: 0,
        user_count: 0,
        api_key_count: 0,
      });
      const id = created.body.id as string;

      const conflicts: [object, string][] = [
        [
          { slug, scaikey_tenant_id: `tnt_other_${suffix}` },
          `A tenant with the slug '${slug}' already exists`,
        ],
        [
          { slug: `other-${suffix}`, scaikey_tenant_id: scaikeyId },
          `A tenant with the ScaiKey id '${scaikeyId}' already exists`,
        ],
        [
          { slug: scaikeyId, scaikey_tenant_id: `tnt_x_${suffix}` },
          `The slug '${scaikeyId}' is the ScaiKey id of another tenant`,
        ],
        [
          { slug: `x-${suffix}`, scaikey_tenant_id: slug },
          `The ScaiKey id '${slug}' is the slug of another tenant`,
        ],
      ];
      for (const [fields, message] of conflicts) {
        const response = await admin()
          .post('/api/v1/admin/tenants', { name: 'Other', ...fields })
          .expect(409);
        expect(response.body.detail).toBe(message);
      }
      await admin()
        .post('/api/v1/admin/tenants', {
          name: 'X',
          slug: `x-${suffix}`,
          scaikey_tenant_id: `tnt_y_${suffix}`,
          partner_id: 'prt_nobody',
        })
        .expect(404);
      await admin()
        .post('/api/v1/admin/tenants', {
          name: 'X',
          slug: 'Not A Slug',
          scaikey_tenant_id: `tnt_y_${suffix}`,
        })
        .expect(422);
      await admin()
        .post('/api/v1/admin/tenants', { slug: `x-${suffix}`, scaikey_tenant_id: `tnt_y_${suffix}` })
        .expect(422);
      await admin().get(`/api/v1/admin/tenants/x-${suffix}`).expect(404);

      const patched = await admin()
        .patch(`/api/v1/admin/tenants/${slug}`, { name: 'Initech Ltd', settings: { plan: 'silver' } })
        .expect(200);
      expect(patched.body).toMatchObject({
        id,
        name: 'Initech Ltd',
        settings: { plan: 'silver' },
        status: 'active',
      });
      expect((await admin().patch(`/api/v1/admin/tenants/${id}`, {}).expect(400)).body.detail).toContain(
        'Nothing to update',
      );
      await admin().patch(`/api/v1/admin/tenants/${id}`, { status: 'deleted' }).expect(422);
      await admin().patch(`/api/v1/admin/tenants/${id}`, { slug: 'renamed' }).expect(422);
      const suspended = await admin()
        .patch(`/api/v1/admin/tenants/${scaikeyId}`, { status: 'suspended', settings: null })
        .expect(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', settings: null });
      expect(
        (
          await admin().get(`/api/v1/admin/tenants?status=suspended&search=${suffix}`).expect(200)
        ).body.data.map((row: { id: string }) => row.id),
      ).toEqual([id]);

      expect(await auditRows('tenant.create', id)).toHaveLength(1);
      const update = await auditRows('tenant.update', id);
      expect(update).toHaveLength(1);
      expect(update[0].tenant_id).toBe(id);
      expect(details(update[0])).toMatchObject({
        before: { name: 'Initech', settings: { plan: 'gold' } },
        after: { name: 'Initech Ltd', settings: { plan: 'silver' } },
      });
      expect(details((await auditRows('tenant.suspend', id))[0])).toMatchObject({
        before: { status: 'active' },
        after: { status: 'suspended' },
      });
    });

    it('should suspend acme: alice and her API key are refused, its zones are still served; activating restores access', async () => {
      // A live zone of acme (created by the platform admin: active at once) with a record.
      const zoneName = `pa-served-${suffix}.test`;
      const zone = await t
        .http()
        .post('/api/v1/domains/')
        .set(as('admin', 'tnt_acme'))
        .send({ name: zoneName, domain_type: 'primary' })
        .expect(201);
      cleanup.push(['tnt_acme', zone.body.id]);
      expect(zone.body.status).toBe('active');
      await t
        .http()
        .post(`/api/v1/domains/${zone.body.id}/records`)
        .set(as('admin', 'tnt_acme'))
        .send({ name: 'www', type: 'A', content: '192.0.2.80' })
        .expect(201);
      expect(await scaidnsDns.resolve4(`www.${zoneName}`)).toEqual(['192.0.2.80']);
      const key = await t
        .http()
        .post('/api/v1/api-keys/')
        .set(as('alice'))
        .send({ name: `pa-${suffix}`, permission_source: 'user' })
        .expect(201);
      const withKey = { 'X-API-Key': key.body.key as string };
      await t.http().get('/api/v1/domains/').set(withKey).expect(200);
      expect((await admin().get('/api/v1/admin/tenants/tnt_acme').expect(200)).body).toMatchObject({
        zone_count: 3,
        api_key_count: 1,
      });

      const suspended = await admin().post('/api/v1/admin/tenants/tnt_acme/suspend').expect(200);
      expect(suspended.body.status).toBe('suspended');
      const aliceRefused = await t.http().get('/api/v1/domains/').set(as('alice')).expect(403);
      expect(aliceRefused.body.detail).toBe('This tenant is suspended');
      expect((await t.http().get('/api/v1/domains/').set(withKey).expect(403)).body.detail).toBe(
        'This tenant is suspended',
      );
      // The zones keep being answered, and the platform admin still acts in the tenant.
      expect(await scaidnsDns.resolve4(`www.${zoneName}`)).toEqual(['192.0.2.80']);
      expect((await scaidnsDns.resolveSoa(zoneName)).nsname).toBe('ns1.pa-e2e.test');
      await t.http().get(`/api/v1/domains/${zone.body.id}`).set(as('admin', 'tnt_acme')).expect(200);
      // Suspending again changes nothing and writes no second audit entry.
      await admin().post(`/api/v1/admin/tenants/${suspended.body.id}/suspend`).expect(200);
      expect(await auditRows('tenant.suspend', suspended.body.id)).toHaveLength(1);
      // ScaiKey still says ACTIVE: a sync must not lift a suspension made here.
      await t.app.get(ScaiKeySyncService).run({ tenant: 'tnt_acme', waitForLockMs: 30_000 });
      expect((await admin().get('/api/v1/admin/tenants/tnt_acme').expect(200)).body.status).toBe('suspended');
      await t.http().get('/api/v1/domains/').set(as('alice')).expect(403);

      const activated = await admin()
        .post(`/api/v1/admin/tenants/${suspended.body.slug}/activate`)
        .expect(200);
      expect(activated.body.status).toBe('active');
      await t.http().get('/api/v1/domains/').set(as('alice')).expect(200);
      await t.http().get('/api/v1/domains/').set(withKey).expect(200);
      expect(await auditRows('tenant.activate', suspended.body.id)).toHaveLength(1);
      await admin().post('/api/v1/admin/tenants/tnt_nobody/suspend').expect(404);
    });
  });
});
