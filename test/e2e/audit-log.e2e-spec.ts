import { randomBytes } from 'node:crypto';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

type Who = 'admin' | 'alice' | 'bob' | 'carol';

interface Me {
  id: string;
  tenant_id: string;
}

interface Entry {
  id: string;
  tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_owner_type: string | null;
  actor_owner_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  resource_name: string | null;
  details: Record<string, unknown> | null;
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  timestamp: string;
}

// Booting the app and signing several users in can outlast Jest's default 5 s when other suites run alongside.
jest.setTimeout(60_000);

const USER_AGENT = 'scaidns-e2e-audit/1.0';
const LOGS = '/api/v1/admin/audit-logs/';

describe('Audit log read API (e2e)', () => {
  let t: TestApp;
  const tokens: Record<Who, string> = { admin: '', alice: '', bob: '', carol: '' };
  const users: Partial<Record<Who, Me>> = {};
  const zones: { who: Who; id: string }[] = [];
  let acmeZone: string;
  let globexZone: string;
  const recordIds: string[] = [];
  let grantId: string;
  let apiKeyId: string;
  let apiKeyRecordId: string;

  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}`, 'User-Agent': USER_AGENT });
  const get = (who: Who, path: string) => t.http().get(path).set(as(who));
  const post = (who: Who, path: string, body: object) => t.http().post(path).set(as(who)).send(body);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

  async function list(
    who: Who,
    query: Record<string, string | number> = {},
  ): Promise<{ data: Entry[]; total: number; page: number; page_size: number; total_pages: number }> {
    const response = await get(who, LOGS).query(query).expect(200);
    return response.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as [Who, string][]) {
      tokens[who] = await userToken(t.stack, email);
      users[who] = (await get(who, '/api/v1/auth/me').expect(200)).body.data as Me;
    }
    await post('admin', '/api/v1/role-assignments/', {
      role_id: 'validation_bypass',
      principal_type: 'user',
      principal_id: users.alice!.id,
      scope_type: 'tenant',
    }).expect(201);

    // acme: a zone, two records, a grant; each a few ms apart so timestamps order them.
    const zone = await post('alice', '/api/v1/domains/', {
      name: `audit-${randomBytes(4).toString('hex')}.test`,
      domain_type: 'primary',
    }).expect(201);
    acmeZone = zone.body.id as string;
    zones.push({ who: 'alice', id: acmeZone });
    for (const [name, content] of [
      ['www', '192.0.2.1'],
      ['api', '192.0.2.2'],
    ]) {
      await pause();
      const record = await post('alice', `/api/v1/domains/${acmeZone}/records`, {
        name,
        type: 'A',
        content,
      }).expect(201);
      recordIds.push(record.body.id as string);
    }
    await pause();
    const grant = await post('alice', `/api/v1/domains/${acmeZone}/access-grants`, {
      grant_type: 'user',
      grantee_id: 'usr_bob',
      role: 'record_editor',
      record_pattern: '*.dev',
    }).expect(201);
    grantId = grant.body.id as string;

    // An API key of alice's creates a record.
    await pause();
    const key = await post('alice', '/api/v1/api-keys/', {
      name: 'audit e2e',
      permission_source: 'user',
    }).expect(201);
    apiKeyId = key.body.id as string;
    const viaKey = await t
      .http()
      .post(`/api/v1/domains/${acmeZone}/records`)
      .set({ 'X-API-Key': key.body.key as string, 'User-Agent': 'automation/2.0' })
      .send({ name: 'bot', type: 'A', content: '192.0.2.3' })
      .expect(201);
    apiKeyRecordId = viaKey.body.id as string;

    // globex: carol's own zone (pending validation is enough for an entry).
    const other = await post('carol', '/api/v1/domains/', {
      name: `audit-${randomBytes(4).toString('hex')}.test`,
      domain_type: 'primary',
    }).expect(201);
    globexZone = other.body.id as string;
    zones.push({ who: 'carol', id: globexZone });
  });

  afterAll(async () => {
    for (const zone of zones) {
      await t.http().delete(`/api/v1/domains/${zone.id}?hard=true`).set(as(zone.who));
    }
    await t?.close();
  });

  it("should list the tenant's lifecycle actions, newest first, with actor, address and user agent", async () => {
    const page = await list('alice');
    expect(page).toMatchObject({ page: 1, page_size: 50 });
    expect(page.total).toBe(page.data.length);
    expect(page.total_pages).toBe(1);
    const stamps = page.data.map((entry) => Date.parse(entry.timestamp));
    expect([...stamps].sort((a, b) => b - a)).toEqual(stamps);
    expect(page.data.every((entry) => entry.tenant_id === users.alice!.tenant_id)).toBe(true);

    const byAction = (action: string, resourceId: string) =>
      page.data.find((entry) => entry.action === action && entry.resource_id === resourceId);
    for (const [action, resourceId, resourceType] of [
      ['domain.create', acmeZone, 'domain'],
      ['record.create', recordIds[0], 'record'],
      ['record.create', recordIds[1], 'record'],
      ['access_grant.create', grantId, 'access_grant'],
    ]) {
      const entry = byAction(action, resourceId);
      expect(entry).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          actor_type: 'user',
          actor_id: users.alice!.id,
          actor_email: 'alice@acme.test',
          actor_owner_type: null,
          actor_owner_id: null,
          resource_type: resourceType,
          ip_address: expect.stringMatching(/127\.0\.0\.1|::1/),
          user_agent: USER_AGENT,
          request_id: expect.any(String),
          timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        }),
      );
    }
    expect(byAction('record.create', recordIds[0])!.details).toMatchObject({
      domain_id: acmeZone,
      after: expect.any(Object),
    });
    expect(byAction('record.create', recordIds[0])!.resource_name).toContain('www.');
    // Nothing of globex.
    expect(page.data.some((entry) => entry.resource_id === globexZone)).toBe(false);
  });

  it('should show API-key actions with the key as actor and its owner', async () => {
    const page = await list('alice', { actor_type: 'api_key' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({
      action: 'record.create',
      resource_id: apiKeyRecordId,
      actor_type: 'api_key',
      actor_id: apiKeyId,
      actor_owner_type: 'user',
      actor_owner_id: users.alice!.id,
      user_agent: 'automation/2.0',
    });
    const byKey = await list('alice', { actor_id: apiKeyId });
    expect(byKey.data.map((entry) => entry.id)).toEqual([page.data[0].id]);
  });

  it('should narrow the list by action, resource, actor and time range', async () => {
    const records = await list('alice', { action: 'record.create' });
    expect(records.data.map((entry) => entry.resource_id).sort()).toEqual(
      [...recordIds, apiKeyRecordId].sort(),
    );
    expect(records.total).toBe(3);

    const grants = await list('alice', { resource_type: 'access_grant' });
    expect(grants.data.map((entry) => [entry.action, entry.resource_id])).toEqual([
      ['access_grant.create', grantId],
    ]);

    const one = await list('alice', { resource_type: 'record', resource_id: recordIds[1] });
    expect(one.data.map((entry) => entry.action)).toEqual(['record.create']);

    const byAlice = await list('alice', { actor_id: users.alice!.id });
    expect(byAlice.total).toBeGreaterThanOrEqual(5);
    expect(
      byAlice.data.every((entry) => entry.actor_id === users.alice!.id && entry.actor_type === 'user'),
    ).toBe(true);
    const none = await list('alice', { action: 'record.create', actor_id: users.bob!.id });
    expect(none).toMatchObject({ data: [], total: 0 });

    // Time range, using the entries' own timestamps (inclusive bounds).
    const all = await list('alice');
    const pivot = all.data.find((entry) => entry.resource_id === recordIds[1])!;
    const pivotTime = Date.parse(pivot.timestamp);
    const after = await list('alice', { start_date: pivot.timestamp });
    expect(after.data.map((entry) => entry.id)).toContain(pivot.id);
    expect(after.data.every((entry) => Date.parse(entry.timestamp) >= pivotTime)).toBe(true);
    expect(after.data.map((entry) => entry.resource_id)).not.toContain(recordIds[0]);
    const before = await list('alice', { end_date: new Date(pivotTime - 1).toISOString() });
    expect(before.data.map((entry) => entry.resource_id)).toContain(recordIds[0]);
    expect(before.data.map((entry) => entry.id)).not.toContain(pivot.id);
    expect(before.total + after.total).toBe(all.total);
    const exactly = await list('alice', { start_date: pivot.timestamp, end_date: pivot.timestamp });
    expect(exactly.data.map((entry) => entry.id)).toContain(pivot.id);
    // A date alone as end_date covers that whole day.
    const today = new Date().toISOString().slice(0, 10);
    expect((await list('alice', { start_date: '2000-01-01', end_date: today })).total).toBe(all.total);
    expect((await list('alice', { end_date: '2000-01-01' })).total).toBe(0);
  });

  it('should refuse malformed queries with 422', async () => {
    for (const query of [
      { start_date: 'yesterday' },
      { end_date: '2026-13-45' },
      { start_date: '2026-02-01', end_date: '2026-01-01' },
      { actor_type: 'robot' },
      { page: 0 },
      { page_size: 101 },
    ]) {
      const response = await get('alice', LOGS).query(query).expect(422);
      expect(response.body.detail[0].loc[0]).toBe('query');
    }
    await get('alice', `${LOGS}not-a-uuid`).expect(422);
  });

  it('should page through the entries', async () => {
    const all = await list('alice');
    expect(all.total).toBeGreaterThanOrEqual(6);
    const first = await list('alice', { page_size: 2 });
    expect(first).toMatchObject({
      page: 1,
      page_size: 2,
      total: all.total,
      total_pages: Math.ceil(all.total / 2),
    });
    expect(first.data.map((entry) => entry.id)).toEqual(all.data.slice(0, 2).map((entry) => entry.id));
    const second = await list('alice', { page: 2, page_size: 2 });
    expect(second.data.map((entry) => entry.id)).toEqual(all.data.slice(2, 4).map((entry) => entry.id));
    const beyond = await list('alice', { page: 100, page_size: 2 });
    expect(beyond).toMatchObject({ data: [], total: all.total });
  });

  it('should return one entry with its full details, and 404 for unknown ids', async () => {
    const all = await list('alice', { action: 'access_grant.create' });
    const single = await get('alice', `${LOGS}${all.data[0].id}`).expect(200);
    expect(single.body).toEqual(all.data[0]);
    expect(single.body.details).toMatchObject({
      domain_id: acmeZone,
      after: { role: 'record_editor', record_pattern: '*.dev' },
    });
    await get('alice', `${LOGS}00000000-0000-4000-8000-000000000000`).expect(404);
  });

  it("should keep tenants apart: carol sees only globex and gets 404 for acme's entries", async () => {
    const carol = await list('carol');
    expect(carol.total).toBeGreaterThan(0);
    expect(carol.data.every((entry) => entry.tenant_id === users.carol!.tenant_id)).toBe(true);
    expect(carol.data.map((entry) => entry.resource_id)).toContain(globexZone);
    expect(carol.data.map((entry) => entry.resource_id)).not.toContain(acmeZone);

    const acmeEntry = (await list('alice', { action: 'domain.create' })).data[0];
    await get('carol', `${LOGS}${acmeEntry.id}`).expect(404);
    await get('carol', LOGS).query({ tenant_id: 'tnt_acme' }).expect(403);
    await get('carol', LOGS).query({ tenant_id: users.alice!.tenant_id }).expect(403);
    await get('carol', LOGS).query({ tenant_id: 'tnt_nowhere' }).expect(403);
    expect((await list('carol', { tenant_id: 'tnt_globex' })).total).toBe(carol.total);
    // Naming another tenant through the header is refused before the audit log is reached.
    await get('carol', LOGS).set('X-Tenant-ID', 'tnt_acme').expect(403);
  });

  it("should let a platform admin read every tenant's entries and narrow them by tenant", async () => {
    const everything = await list('admin', { action: 'domain.create', page_size: 100 });
    const tenants = new Set(everything.data.map((entry) => entry.tenant_id));
    expect(tenants).toEqual(new Set([users.alice!.tenant_id, users.carol!.tenant_id]));
    expect(everything.data.map((entry) => entry.resource_id)).toEqual(
      expect.arrayContaining([acmeZone, globexZone]),
    );

    const globex = await list('admin', { action: 'domain.create', tenant_id: 'tnt_globex' });
    expect(globex.data.map((entry) => entry.resource_id)).toEqual([globexZone]);
    const byUuid = await list('admin', { action: 'domain.create', tenant_id: users.alice!.tenant_id });
    expect(byUuid.data.map((entry) => entry.resource_id)).toEqual([acmeZone]);
    const header = await get('admin', LOGS)
      .set('X-Tenant-ID', 'tnt_globex')
      .query({ action: 'domain.create' })
      .expect(200);
    expect((header.body.data as Entry[]).map((entry) => entry.resource_id)).toEqual([globexZone]);
    await get('admin', LOGS).query({ tenant_id: 'tnt_nowhere' }).expect(404);

    const carolEntry = (await list('carol', { action: 'domain.create' })).data[0];
    const single = await get('admin', `${LOGS}${carolEntry.id}`).expect(200);
    expect(single.body.tenant_id).toBe(users.carol!.tenant_id);
  });

  it('should refuse callers without audit:read', async () => {
    await get('bob', LOGS).expect(403);
    const anyEntry = (await list('alice')).data[0];
    await get('bob', `${LOGS}${anyEntry.id}`).expect(403);
  });

  it("should follow an API key's scopes", async () => {
    const narrow = await post('alice', '/api/v1/api-keys/', {
      name: 'no audit',
      permission_source: 'user',
      scopes: ['domains:read'],
    }).expect(201);
    await t
      .http()
      .get(LOGS)
      .set('X-API-Key', narrow.body.key as string)
      .expect(403);
    const auditor = await post('alice', '/api/v1/api-keys/', {
      name: 'auditor',
      permission_source: 'user',
      scopes: ['audit:read'],
    }).expect(201);
    const response = await t
      .http()
      .get(LOGS)
      .set('X-API-Key', auditor.body.key as string)
      .expect(200);
    expect((response.body.data as Entry[]).every((entry) => entry.tenant_id === users.alice!.tenant_id)).toBe(
      true,
    );
    expect((response.body.data as Entry[]).map((entry) => entry.action)).toContain('api_key.create');
  });

  it('should not count audit:read held on a single zone', async () => {
    // A domain-scoped role passes the route check ("holds it on some zone"); the audit log is tenant-wide.
    const role = await post('alice', '/api/v1/roles/', {
      name: 'zone-auditor',
      permissions: ['audit:read'],
    }).expect(201);
    await post('alice', '/api/v1/role-assignments/', {
      role_id: role.body.id,
      principal_type: 'user',
      principal_id: users.bob!.id,
      scope_type: 'domain',
      scope_id: acmeZone,
    }).expect(201);
    const refused = await get('bob', LOGS).expect(403);
    expect(refused.body.detail).toContain('audit:read');
  });
});
