import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { PermissionsService } from 'src/roles/permissions.service';
import { TenantsRepository } from 'src/tenants/tenants.repository';
import { UsersRepository } from 'src/users/users.repository';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

// Booting the app and signing several users in can outlast Jest's default 5 s when other suites run alongside.
jest.setTimeout(60_000);

type Who = 'admin' | 'alice' | 'bob' | 'carol';

interface Me {
  id: string;
  tenant_id: string;
}

interface Grant {
  id: string;
  domain_id: string;
  grant_type: string;
  grantee_id: string;
  grantee_name: string | null;
  role: string | null;
  role_id: string;
  record_pattern: string | null;
  record_types: string[] | null;
  expires_at: string | null;
  expired: boolean;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

interface RecordRow {
  id: string;
  display_name: string;
  type: string;
  content: string;
}

/**
 * Access grants against the real stack. The app runs with DEFAULT_USER_ROLE=none so bob (no ScaiKey role) holds
 * nothing in the tenant: whatever he can do on a zone comes from the grants under test. (With the default
 * `read_only`, bob would read every record of every zone tenant-wide, and "sees only *.dev" could not be shown.)
 */
describe('Access grants (e2e)', () => {
  let t: TestApp;
  let dns: Resolver;
  const tokens: Record<Who, string> = { admin: '', alice: '', bob: '', carol: '' };
  const users: Partial<Record<Who, Me>> = {};
  const zones: { id: string; name: string }[] = [];

  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });
  const http = (who: Who) => ({
    get: (path: string) => t.http().get(path).set(as(who)),
    post: (path: string, body: object = {}) => t.http().post(path).set(as(who)).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(as(who)).send(body),
    delete: (path: string) => t.http().delete(path).set(as(who)),
  });
  const grantsOf = (zoneId: string) => `/api/v1/domains/${zoneId}/access-grants`;
  const recordsOf = (zoneId: string) => `/api/v1/domains/${zoneId}/records`;

  async function createZone(records: { name: string; type: string; content: string }[]) {
    const name = `grants-${randomBytes(4).toString('hex')}.test`;
    const created = await http('alice')
      .post('/api/v1/domains/', { name, domain_type: 'primary' })
      .expect(201);
    expect(created.body.status).toBe('active');
    const zone = { id: created.body.id as string, name };
    zones.push(zone);
    const ids: Record<string, string> = {};
    for (const record of records) {
      const response = await http('alice').post(recordsOf(zone.id), record).expect(201);
      ids[`${record.name} ${record.type}`] = response.body.id as string;
    }
    return { ...zone, records: ids };
  }

  async function grant(who: Who, zoneId: string, body: Record<string, unknown>, status = 201) {
    return http(who).post(grantsOf(zoneId), body).expect(status);
  }

  async function visibleRecords(who: Who, zoneId: string): Promise<string[]> {
    const response = await http(who).get(recordsOf(zoneId)).expect(200);
    return (response.body.data as RecordRow[]).map((row) => `${row.display_name} ${row.type}`).sort();
  }

  beforeAll(async () => {
    t = await createTestApp({ DEFAULT_USER_ROLE: 'none' });
    dns = pdnsResolver(t.stack.pdns.dnsPort);
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as [Who, string][]) {
      tokens[who] = await userToken(t.stack, email);
      // First sign-in puts the user into ScaiDNS's cache.
      users[who] = (await http(who).get('/api/v1/auth/me').expect(200)).body.data as Me;
    }
    // alice creates zones that are active at once: the platform admin gives her validation_bypass in acme.
    await http('admin')
      .post('/api/v1/role-assignments/', {
        role_id: 'validation_bypass',
        principal_type: 'user',
        principal_id: users.alice!.id,
        scope_type: 'tenant',
      })
      .expect(201);
  });

  afterAll(async () => {
    for (const zone of zones) {
      await http('alice').delete(`/api/v1/domains/${zone.id}?hard=true`);
    }
    await t?.close();
  });

  describe('a grant narrowed to *.dev A/AAAA records', () => {
    let zone: Awaited<ReturnType<typeof createZone>>;
    let bobGrant: Grant;

    beforeAll(async () => {
      zone = await createZone([
        { name: 'www', type: 'A', content: '192.0.2.1' },
        { name: 'a.dev', type: 'A', content: '192.0.2.2' },
        { name: 'b.dev', type: 'AAAA', content: '2001:db8::2' },
        { name: 'x.dev', type: 'TXT', content: '"hello"' },
      ]);
    });

    it('should give bob nothing before the grant', async () => {
      await http('bob').get(recordsOf(zone.id)).expect(403);
      await http('bob').get(`/api/v1/domains/${zone.id}`).expect(403);
    });

    it('should create the grant with the documented fields', async () => {
      const response = await grant('alice', zone.id, {
        grant_type: 'user',
        grantee_id: 'usr_bob',
        role: 'record_editor',
        record_pattern: '*.dev',
        record_types: ['AAAA', 'A'],
        notes: 'dev environment',
      });
      bobGrant = response.body as Grant;
      expect(bobGrant).toEqual({
        id: expect.any(String),
        domain_id: zone.id,
        grant_type: 'user',
        grantee_id: users.bob!.id,
        grantee_name: 'bob@acme.test',
        role: 'record_editor',
        role_id: expect.any(String),
        record_pattern: '*.dev',
        record_types: ['A', 'AAAA'],
        expires_at: null,
        expired: false,
        notes: 'dev environment',
        created_by: users.alice!.id,
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      const listed = await http('alice').get(grantsOf(zone.id)).expect(200);
      expect(listed.body).toEqual({ data: [bobGrant], total: 1 });
      const one = await http('alice')
        .get(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(200);
      expect(one.body).toEqual(bobGrant);
      // The same grant again is a conflict.
      await grant(
        'alice',
        zone.id,
        {
          grant_type: 'user',
          grantee_id: users.bob!.id,
          role: 'record_editor',
          record_pattern: '*.DEV',
          record_types: ['A', 'AAAA'],
        },
        409,
      );
    });

    it('should let bob see the zone and only the *.dev A/AAAA records', async () => {
      expect(await visibleRecords('bob', zone.id)).toEqual(['a.dev A', 'b.dev AAAA']);
      expect(await visibleRecords('alice', zone.id)).toEqual(['a.dev A', 'b.dev AAAA', 'www A', 'x.dev TXT']);
      await http('bob').get(`/api/v1/domains/${zone.id}`).expect(200);
      const list = await http('bob').get('/api/v1/domains/').expect(200);
      expect((list.body.data as { id: string }[]).map((domain) => domain.id)).toEqual([zone.id]);
      await http('bob')
        .get(`${recordsOf(zone.id)}/${zone.records['www A']}`)
        .expect(404);
    });

    it('should let bob create and update *.dev A/AAAA records, served by PowerDNS', async () => {
      const created = await http('bob')
        .post(recordsOf(zone.id), { name: 'c.dev', type: 'A', content: '192.0.2.30' })
        .expect(201);
      expect(created.body).toMatchObject({ display_name: 'c.dev', type: 'A', content: '192.0.2.30' });
      expect(await dns.resolve4(`c.dev.${zone.name}`)).toEqual(['192.0.2.30']);
      await http('bob')
        .patch(`${recordsOf(zone.id)}/${zone.records['a.dev A']}`, { content: '192.0.2.22' })
        .expect(200);
      expect(await dns.resolve4(`a.dev.${zone.name}`)).toEqual(['192.0.2.22']);
      expect(await visibleRecords('bob', zone.id)).toEqual(['a.dev A', 'b.dev AAAA', 'c.dev A']);
    });

    it('should refuse bob everything outside the grant', async () => {
      // Outside the name pattern: 403 on create; the www record is invisible to him, so updating it is a 404.
      await http('bob')
        .post(recordsOf(zone.id), { name: 'www2', type: 'A', content: '192.0.2.9' })
        .expect(403);
      await http('bob')
        .post(recordsOf(zone.id), { name: 'www', type: 'A', content: '192.0.2.9' })
        .expect(403);
      await http('bob')
        .patch(`${recordsOf(zone.id)}/${zone.records['www A']}`, { content: '192.0.2.99' })
        .expect(404);
      // Outside the types: TXT under *.dev.
      await http('bob').post(recordsOf(zone.id), { name: 'y.dev', type: 'TXT', content: '"no"' }).expect(403);
      await http('bob')
        .patch(`${recordsOf(zone.id)}/${zone.records['x.dev TXT']}`, { content: '"changed"' })
        .expect(404);
      // record_editor cannot delete, not even inside the pattern.
      await http('bob')
        .delete(`${recordsOf(zone.id)}/${zone.records['a.dev A']}`)
        .expect(403);
      // Nothing changed.
      const all = await http('alice').get(recordsOf(zone.id)).expect(200);
      const byName = Object.fromEntries(
        (all.body.data as RecordRow[]).map((row) => [`${row.display_name} ${row.type}`, row.content]),
      );
      expect(byName).toMatchObject({ 'www A': '192.0.2.1', 'x.dev TXT': '"hello"', 'a.dev A': '192.0.2.22' });
      expect(byName['www2 A']).toBeUndefined();
      expect(await dns.resolve4(`www.${zone.name}`)).toEqual(['192.0.2.1']);
    });

    it('should not let bob read or manage grants', async () => {
      await http('bob').get(grantsOf(zone.id)).expect(403);
      await grant('bob', zone.id, { grant_type: 'user', grantee_id: 'usr_bob', role: 'read_only' }, 403);
      await http('bob')
        .delete(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(403);
    });

    it("should answer 404 to another tenant's admin on every grant route", async () => {
      const carol = http('carol');
      await carol.get(grantsOf(zone.id)).expect(404);
      await carol.get(`${grantsOf(zone.id)}/${bobGrant.id}`).expect(404);
      await carol
        .post(grantsOf(zone.id), { grant_type: 'user', grantee_id: 'usr_carol', role: 'read_only' })
        .expect(404);
      await carol.patch(`${grantsOf(zone.id)}/${bobGrant.id}`, { notes: 'mine now' }).expect(404);
      await carol.delete(`${grantsOf(zone.id)}/${bobGrant.id}`).expect(404);
      const still = await http('alice')
        .get(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(200);
      expect(still.body.notes).toBe('dev environment');
    });

    it('should stop an expired grant at once, without any job, and list it only on request', async () => {
      await t.app
        .get(DataSource)
        .query('UPDATE access_grants SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [
          bobGrant.id,
        ]);
      await http('bob').get(recordsOf(zone.id)).expect(403);
      await http('bob')
        .post(recordsOf(zone.id), { name: 'd.dev', type: 'A', content: '192.0.2.40' })
        .expect(403);
      const current = await http('alice').get(grantsOf(zone.id)).expect(200);
      expect(current.body).toEqual({ data: [], total: 0 });
      const all = await http('alice')
        .get(`${grantsOf(zone.id)}?include_expired=true`)
        .expect(200);
      expect(all.body.data).toEqual([expect.objectContaining({ id: bobGrant.id, expired: true })]);
      // Renewing it (a new expiry in the future) restores access.
      const renewed = await http('alice')
        .patch(`${grantsOf(zone.id)}/${bobGrant.id}`, {
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(200);
      expect(renewed.body).toMatchObject({ expired: false, record_pattern: '*.dev', role: 'record_editor' });
      expect(await visibleRecords('bob', zone.id)).toEqual(['a.dev A', 'b.dev AAAA', 'c.dev A']);
    });

    it('should expire a grant by its expires_at while requests keep coming', async () => {
      const soon = await grant('alice', zone.id, {
        grant_type: 'user',
        grantee_id: 'usr_bob',
        role: 'read_only',
        expires_at: new Date(Date.now() + 2_500).toISOString(),
      });
      expect(await visibleRecords('bob', zone.id)).toEqual([
        'a.dev A',
        'b.dev AAAA',
        'c.dev A',
        'www A',
        'x.dev TXT',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await visibleRecords('bob', zone.id)).toEqual(['a.dev A', 'b.dev AAAA', 'c.dev A']);
      const one = await http('alice')
        .get(`${grantsOf(zone.id)}/${soon.body.id}`)
        .expect(200);
      expect(one.body.expired).toBe(true);
    });

    it('should change the grant with PATCH and audit every change', async () => {
      const widened = await http('alice')
        .patch(`${grantsOf(zone.id)}/${bobGrant.id}`, {
          record_pattern: null,
          record_types: ['TXT'],
          notes: null,
        })
        .expect(200);
      expect(widened.body).toMatchObject({ record_pattern: null, record_types: ['TXT'], notes: null });
      expect(await visibleRecords('bob', zone.id)).toEqual(['x.dev TXT']);
      await http('alice')
        .patch(`${grantsOf(zone.id)}/${bobGrant.id}`, { grantee_id: 'usr_alice' })
        .expect(422);
      await http('alice')
        .patch(`${grantsOf(zone.id)}/${bobGrant.id}`, { expires_at: '2001-01-01T00:00:00Z' })
        .expect(400);
      const audit = await t.app
        .get(DataSource)
        .query<{ action: string; actor_id: string; details: string | Record<string, unknown> }[]>(
          'SELECT action, actor_id, details FROM audit_logs WHERE resource_id = ? ORDER BY timestamp, action',
          [bobGrant.id],
        );
      expect(audit.map((row) => row.action)).toEqual([
        'access_grant.create',
        'access_grant.update',
        'access_grant.update',
      ]);
      expect(audit.every((row) => row.actor_id === users.alice!.id)).toBe(true);
      const last = (
        typeof audit[2].details === 'string' ? JSON.parse(audit[2].details) : audit[2].details
      ) as {
        before: { record_pattern: string | null };
        after: { record_pattern: string | null; record_types: string[] };
        domain_id: string;
      };
      expect(last).toMatchObject({
        before: { record_pattern: '*.dev' },
        after: { record_pattern: null, record_types: ['TXT'] },
        domain_id: zone.id,
      });
    });

    it('should remove access at once when the grant is deleted', async () => {
      expect(await visibleRecords('bob', zone.id)).toEqual(['x.dev TXT']);
      await http('alice')
        .delete(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(204);
      await http('bob').get(recordsOf(zone.id)).expect(403);
      await http('alice')
        .get(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(404);
      await http('alice')
        .delete(`${grantsOf(zone.id)}/${bobGrant.id}`)
        .expect(404);
      const deleted = await t.app
        .get(DataSource)
        .query<unknown[]>(
          "SELECT action FROM audit_logs WHERE resource_id = ? AND action = 'access_grant.delete'",
          [bobGrant.id],
        );
      expect(deleted).toHaveLength(1);
    });
  });

  describe('group grants', () => {
    it("should reach the group's members, and stop when they leave the group", async () => {
      const zone = await createZone([
        { name: 'www', type: 'A', content: '192.0.2.50' },
        { name: 'mail', type: 'A', content: '192.0.2.51' },
      ]);
      const acme = await t.app.get(TenantsRepository).findByScaikeyId('tnt_acme');
      const repository = t.app.get(UsersRepository);
      // The ScaiKey sync belongs to another module: seed the demo group and bob's membership in the cache directly.
      const group = await repository.upsertGroup({
        scaikeyGroupId: 'grp_acme_dns_ops',
        tenantId: acme!.id,
        name: 'DNS Operators',
        groupType: 'SECURITY',
      });
      await repository.addMember(group.id, users.bob!.id);
      await t.app.get(PermissionsService).invalidate();
      await http('bob').get(recordsOf(zone.id)).expect(403);

      const created = await grant('alice', zone.id, {
        grant_type: 'group',
        grantee_id: 'grp_acme_dns_ops',
        role: 'domain_manager',
        record_pattern: 'mail',
      });
      expect(created.body).toMatchObject({
        grant_type: 'group',
        grantee_id: group.id,
        grantee_name: 'DNS Operators',
        role: 'domain_manager',
      });
      expect(await visibleRecords('bob', zone.id)).toEqual(['mail A']);
      // domain_manager may delete, within the pattern only.
      const mailId = ((await http('bob').get(recordsOf(zone.id)).expect(200)).body.data as RecordRow[])[0].id;
      await http('bob')
        .post(recordsOf(zone.id), { name: 'www', type: 'A', content: '192.0.2.52' })
        .expect(403);
      await http('bob')
        .delete(`${recordsOf(zone.id)}/${mailId}`)
        .expect(204);
      expect(await dnsOutcome(dns.resolve4(`mail.${zone.name}`))).toBe('ENOTFOUND');
      await http('bob')
        .post(recordsOf(zone.id), { name: 'mail', type: 'A', content: '192.0.2.53' })
        .expect(201);
      expect(await dns.resolve4(`mail.${zone.name}`)).toEqual(['192.0.2.53']);

      await repository.removeMember(group.id, users.bob!.id);
      await t.app.get(PermissionsService).invalidate();
      await http('bob').get(recordsOf(zone.id)).expect(403);
    });
  });

  describe('delegation rules and validation', () => {
    let zone: Awaited<ReturnType<typeof createZone>>;
    let managerRoleId: string;

    beforeAll(async () => {
      zone = await createZone([{ name: 'www', type: 'A', content: '192.0.2.60' }]);
      const role = await http('alice')
        .post('/api/v1/roles/', {
          name: 'grant-manager',
          permissions: ['domains:read', 'records:read', 'access_grants:read', 'access_grants:manage'],
        })
        .expect(201);
      managerRoleId = role.body.id as string;
    });

    it('should refuse malformed grants with 422', async () => {
      const base = { grant_type: 'user', grantee_id: 'usr_bob', role: 'read_only' };
      for (const body of [
        { ...base, record_pattern: 'a?b' },
        { ...base, record_pattern: '' },
        { ...base, record_pattern: 'x'.repeat(256) },
        { ...base, record_types: ['a'] },
        { ...base, record_types: [] },
        { ...base, expires_at: 'tomorrow' },
        { ...base, grant_type: 'team' },
        { ...base, surprise: true },
        { grant_type: 'user', grantee_id: 'usr_bob' },
        { ...base, role_id: managerRoleId },
      ]) {
        const response = await grant('alice', zone.id, body, 422);
        expect(Array.isArray(response.body.detail)).toBe(true);
      }
      await http('alice').get(`/api/v1/domains/not-a-uuid/access-grants`).expect(422);
    });

    it('should refuse unknown grantees, unknown roles, non-zone roles and past expiry', async () => {
      const body = { grant_type: 'user', grantee_id: 'usr_bob', role: 'read_only' };
      await grant('alice', zone.id, { ...body, grantee_id: 'usr_carol' }, 404); // another tenant's user
      await grant('alice', zone.id, { ...body, grant_type: 'group', grantee_id: 'grp_globex_ops' }, 404);
      await grant('alice', zone.id, { ...body, grantee_id: '00000000-0000-4000-8000-000000000000' }, 404);
      await grant('alice', zone.id, { ...body, role: 'no-such-role' }, 404);
      const tenantAdmin = await grant('alice', zone.id, { ...body, role: 'tenant_admin' }, 400);
      expect(tenantAdmin.body.detail).toContain('cannot be granted on a zone');
      await grant('alice', zone.id, { ...body, expires_at: '2020-01-01T00:00:00Z' }, 400);
      const none = await http('alice').get(grantsOf(zone.id)).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('should let a grantee delegate only roles whose permissions they hold on the zone', async () => {
      await grant('alice', zone.id, {
        grant_type: 'user',
        grantee_id: users.bob!.id,
        role_id: managerRoleId,
      });
      const listed = await http('bob').get(grantsOf(zone.id)).expect(200);
      expect(listed.body.total).toBe(1);
      // record_editor and read_only hold permissions bob lacks (records:create, dnssec:read, ...).
      const refused = await grant(
        'bob',
        zone.id,
        { grant_type: 'user', grantee_id: 'usr_admin', role: 'record_editor' },
        403,
      );
      expect(refused.body.detail).toContain('records:create');
      await grant('bob', zone.id, { grant_type: 'user', grantee_id: 'usr_admin', role: 'read_only' }, 403);
      // His own role he may pass on.
      const passed = await grant('bob', zone.id, {
        grant_type: 'user',
        grantee_id: 'usr_admin',
        role: 'grant-manager',
      });
      expect(passed.body).toMatchObject({ created_by: users.bob!.id, grantee_name: 'admin@scaidns.test' });
      // ... but not turn a grant he manages into something wider than what he holds.
      await http('bob')
        .patch(`${grantsOf(zone.id)}/${passed.body.id}`, { role: 'domain_admin' })
        .expect(403);
      await http('bob')
        .delete(`${grantsOf(zone.id)}/${passed.body.id}`)
        .expect(204);
      // A grant on this zone does not reach other zones.
      await http('bob').get(grantsOf(zones[0].id)).expect(404);
    });

    it('should let a platform admin manage grants in the tenant', async () => {
      const response = await http('admin')
        .post(grantsOf(zone.id))
        .set('X-Tenant-ID', 'tnt_acme')
        .send({ grant_type: 'user', grantee_id: 'usr_alice', role: 'domain_admin' })
        .expect(201);
      expect(response.body.grantee_name).toBe('alice@acme.test');
    });
  });
});
