import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyUsageService } from 'src/api-keys/api-key-usage.service';
import { RedisService } from 'src/redis/redis.service';
import { PermissionsService } from 'src/roles/permissions.service';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';

interface KeyBody {
  id: string;
  key: string;
  key_prefix: string;
  status: string;
  scopes: string[] | null;
  use_count: number;
  last_used_at: string | null;
  last_used_ip: string | null;
  [field: string]: unknown;
}

interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: string;
  tenant_id: string;
  details: Record<string, unknown> | null;
}

describe('API keys (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  const tokens: Record<'admin' | 'alice' | 'bob' | 'carol', string> = {
    admin: '',
    alice: '',
    bob: '',
    carol: '',
  };
  let alice: { id: string; tenant_id: string };
  let bob: { id: string };

  const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });
  const withKey = (secret: string) => ({ 'X-API-Key': secret });

  async function createKey(who: keyof typeof tokens, body: Record<string, unknown>): Promise<KeyBody> {
    const response = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as(who))
      .send({ permission_source: 'user', ...body });
    expect(response.status).toBe(201);
    return response.body as KeyBody;
  }

  async function auditRows(resourceId: string): Promise<AuditRow[]> {
    const rows: (Omit<AuditRow, 'details'> & { details: unknown })[] = await db.query(
      'SELECT action, actor_type, actor_id, tenant_id, details FROM audit_logs WHERE resource_id = ? ORDER BY timestamp, action',
      [resourceId],
    );
    return rows.map((row) => ({
      ...row,
      // MariaDB's JSON is LONGTEXT: the driver may hand it back as text.
      details: (typeof row.details === 'string'
        ? JSON.parse(row.details)
        : row.details) as AuditRow['details'],
    }));
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as const) {
      tokens[who] = await userToken(t.stack, email);
    }
    alice = (await t.http().get('/api/v1/auth/me').set(as('alice')).expect(200)).body.data;
    bob = (await t.http().get('/api/v1/auth/me').set(as('bob')).expect(200)).body.data;
    // Signs carol and the admin in once, so their cached user rows exist.
    await t.http().get('/api/v1/auth/me').set(as('carol')).expect(200);
    await t.http().get('/api/v1/auth/me').set(as('admin')).expect(200);
  });

  afterAll(async () => {
    await t.close();
  });

  it('should create a key shown once and authenticate with it, carrying only its scopes', async () => {
    const created = await createKey('alice', {
      name: 'CI deploy',
      description: 'pipeline',
      scopes: ['domains:read', 'records:write'],
    });
    expect(created.key).toMatch(/^sdk_live_[A-Za-z0-9]{43}$/);
    expect(created.key.startsWith(created.key_prefix)).toBe(true);
    expect(created).toMatchObject({
      name: 'CI deploy',
      description: 'pipeline',
      status: 'active',
      permission_source: 'user',
      permission_source_id: alice.id,
      // records:write is stored as the three permissions it stands for.
      scopes: ['domains:read', 'records:create', 'records:delete', 'records:update'],
      rate_limit: null,
      ip_whitelist: null,
      expires_at: null,
      last_used_at: null,
      use_count: 0,
    });
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const me = await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    expect(me.body.data).toMatchObject({
      principal_type: 'api_key',
      api_key_id: created.id,
      tenant_id: alice.tenant_id,
    });
    const permissions = me.body.data.permissions as string[];
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.every((permission) => created.scopes!.includes(permission))).toBe(true);

    // The secret is never shown again.
    const fetched = await t.http().get(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(200);
    expect(fetched.body.key).toBeUndefined();
    expect(fetched.body.key_prefix).toBe(created.key_prefix);
  });

  it('should answer the collection route with and without a trailing slash', async () => {
    const withSlash = await t.http().get('/api/v1/api-keys/').set(as('alice')).expect(200);
    const without = await t.http().get('/api/v1/api-keys').set(as('alice')).expect(200);
    expect(withSlash.body).toMatchObject({ page: 1, page_size: 50 });
    expect(without.body.total).toBe(withSlash.body.total);
  });

  it('should refuse a wrong secret with 401', async () => {
    const created = await createKey('alice', { name: 'wrong secret' });
    const last = created.key.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `${created.key.slice(0, -1)}${last}`;
    const response = await t.http().get('/api/v1/auth/me').set(withKey(tampered)).expect(401);
    expect(response.body).toEqual({ detail: 'Invalid API key' });
    await t.http().get('/api/v1/auth/me').set(withKey('sdk_live_nope')).expect(401);
  });

  it('should stop a revoked key and let it work again once activated, auditing both', async () => {
    const created = await createKey('alice', { name: 'revocable' });
    const revoked = await t.http().post(`/api/v1/api-keys/${created.id}/revoke`).set(as('alice')).expect(200);
    expect(revoked.body.status).toBe('revoked');
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(401);

    // Revoked keys are hidden from the list unless asked for.
    const list = await t.http().get('/api/v1/api-keys/').set(as('alice')).expect(200);
    expect((list.body.data as KeyBody[]).map((key) => key.id)).not.toContain(created.id);
    const all = await t.http().get('/api/v1/api-keys/?include_revoked=true').set(as('alice')).expect(200);
    expect((all.body.data as KeyBody[]).map((key) => key.id)).toContain(created.id);

    const activated = await t
      .http()
      .post(`/api/v1/api-keys/${created.id}/activate`)
      .set(as('alice'))
      .expect(200);
    expect(activated.body.status).toBe('active');
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);

    const audit = await auditRows(created.id);
    expect(audit.map((row) => row.action)).toEqual(['api_key.create', 'api_key.revoke', 'api_key.activate']);
    const revokeRow = audit[1];
    expect(revokeRow).toMatchObject({ actor_type: 'user', actor_id: alice.id, tenant_id: alice.tenant_id });
    expect(revokeRow.details).toMatchObject({ before: { status: 'active' }, after: { status: 'revoked' } });
    // Neither the secret nor its hash ever reaches the audit trail.
    const serialized = JSON.stringify(audit);
    expect(serialized).not.toContain(created.key);
    expect(serialized).not.toContain('key_hash');
  });

  it('should regenerate: the old secret stops at once, the new one works', async () => {
    const created = await createKey('alice', { name: 'rotating' });
    const regenerated = await t
      .http()
      .post(`/api/v1/api-keys/${created.id}/regenerate`)
      .set(as('alice'))
      .expect(200);
    const fresh = regenerated.body as KeyBody;
    expect(fresh.id).toBe(created.id);
    expect(fresh.key).toMatch(/^sdk_live_/);
    expect(fresh.key).not.toBe(created.key);
    expect(fresh.key_prefix).not.toBe(created.key_prefix);
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(401);
    await t.http().get('/api/v1/auth/me').set(withKey(fresh.key)).expect(200);
    const audit = await auditRows(created.id);
    expect(audit.at(-1)?.action).toBe('api_key.regenerate');
    expect(audit.at(-1)?.details).toMatchObject({
      before: { key_prefix: created.key_prefix },
      after: { key_prefix: fresh.key_prefix },
    });
  });

  it('should refuse an expired key with 401 and report it as expired', async () => {
    const created = await createKey('alice', {
      name: 'short-lived',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    });
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    await db.query('UPDATE api_keys SET expires_at = NOW(3) - INTERVAL 1 MINUTE WHERE id = ?', [created.id]);
    const response = await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(401);
    expect(response.body.detail).toMatch(/expired/);
    const fetched = await t.http().get(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(200);
    expect(fetched.body.status).toBe('expired');
  });

  it('should refuse an expiry in the past and malformed fields', async () => {
    const past = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('alice'))
      .send({ name: 'x', permission_source: 'user', expires_at: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body).toEqual({ detail: 'expires_at must be in the future' });

    const junk = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('alice'))
      .send({
        name: '',
        permission_source: 'robot',
        ip_whitelist: ['10.0.0.0/33', 'localhost'],
        scopes: ['zones:read'],
        rate_limit: 0,
      })
      .expect(422);
    const fields = (junk.body.detail as { loc: string[] }[]).map((issue) => issue.loc[1]);
    expect(fields).toEqual(
      expect.arrayContaining(['name', 'permission_source', 'ip_whitelist', 'scopes', 'rate_limit']),
    );
    expect(JSON.stringify(junk.body.detail)).toContain('zones:read');
  });

  it('should enforce the IP whitelist: 403 from outside, 200 from inside', async () => {
    const created = await createKey('alice', { name: 'office only', ip_whitelist: ['10.0.0.0/8'] });
    const outside = await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(403);
    expect(outside.body.detail).toMatch(/IP address/);
    const patched = await t
      .http()
      .patch(`/api/v1/api-keys/${created.id}`)
      .set(as('alice'))
      .send({ ip_whitelist: ['127.0.0.0/8', '::1'] })
      .expect(200);
    expect(patched.body.ip_whitelist).toEqual(['127.0.0.0/8', '::1']);
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
  });

  it('should never let a key do more than its scopes', async () => {
    const created = await createKey('alice', { name: 'read only', scopes: ['domains:read'] });
    const check = (permission: string) =>
      t
        .http()
        .post('/api/v1/me/permissions/check')
        .set(withKey(created.key))
        .send({ permission })
        .expect(200);
    expect((await check('records:create')).body).toMatchObject({
      permission: 'records:create',
      allowed: false,
    });
    expect((await check('domains:read')).body).toMatchObject({ permission: 'domains:read', allowed: true });
    // Alice herself (tenant admin) holds records:create: the refusal comes from the key's scopes.
    const own = await t
      .http()
      .post('/api/v1/me/permissions/check')
      .set(as('alice'))
      .send({ permission: 'records:create' })
      .expect(200);
    expect(own.body.allowed).toBe(true);
  });

  it('should refuse a route whose permission is outside the key scopes (403), and open it with the scope', async () => {
    const created = await createKey('alice', { name: 'domains only', scopes: ['domains:read'] });
    const refused = await t.http().get('/api/v1/admin/users/').set(withKey(created.key)).expect(403);
    expect(refused.body).toEqual({ detail: 'Permission denied: requires users:read' });
    const reader = await createKey('alice', { name: 'user reader', scopes: ['users:read'] });
    await t.http().get('/api/v1/admin/users/').set(withKey(reader.key)).expect(200);
  });

  it('should refuse scopes the permission source does not hold, naming them', async () => {
    const response = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('bob'))
      .send({ name: 'too much', permission_source: 'user', scopes: ['domains:read', 'records:write'] })
      .expect(400);
    expect(response.body).toEqual({
      detail: 'Scopes not held by the permission source: records:create, records:delete, records:update',
    });
    // A narrowing that bob does hold is fine.
    const ok = await createKey('bob', { name: 'bob reads', scopes: ['domains:read', 'records:read'] });
    expect(ok.scopes).toEqual(['domains:read', 'records:read']);
  });

  it('should refuse to manage keys with an API key (403)', async () => {
    const created = await createKey('alice', { name: 'cannot manage' });
    const list = await t.http().get('/api/v1/api-keys/').set(withKey(created.key)).expect(403);
    expect(list.body.detail).toMatch(/API keys cannot be used/);
    await t
      .http()
      .post('/api/v1/api-keys/')
      .set(withKey(created.key))
      .send({ name: 'child', permission_source: 'user' })
      .expect(403);
    await t.http().post(`/api/v1/api-keys/${created.id}/revoke`).set(withKey(created.key)).expect(403);
  });

  it('should let bob manage only his own keys', async () => {
    const forAlice = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('bob'))
      .send({ name: 'for alice', permission_source: 'user', permission_source_id: alice.id })
      .expect(403);
    expect(forAlice.body.detail).toMatch(/api_keys:manage/);

    const own = await createKey('bob', { name: 'bob own', permission_source_id: bob.id });
    expect(own.permission_source_id).toBe(bob.id);
    await t.http().patch(`/api/v1/api-keys/${own.id}`).set(as('bob')).send({ name: 'renamed' }).expect(200);

    // Alice's keys are invisible to bob; his list holds only his own.
    const aliceKey = await createKey('alice', { name: 'alice private' });
    await t.http().get(`/api/v1/api-keys/${aliceKey.id}`).set(as('bob')).expect(404);
    await t.http().post(`/api/v1/api-keys/${aliceKey.id}/revoke`).set(as('bob')).expect(404);
    const bobList = await t.http().get('/api/v1/api-keys/?page_size=100').set(as('bob')).expect(200);
    const bobKeys = bobList.body.data as KeyBody[];
    expect(bobKeys.length).toBeGreaterThan(0);
    expect(bobKeys.every((key) => key.permission_source_id === bob.id)).toBe(true);

    // Alice (api_keys:manage) sees and manages bob's key.
    const aliceList = await t.http().get('/api/v1/api-keys/?page_size=100').set(as('alice')).expect(200);
    expect((aliceList.body.data as KeyBody[]).map((key) => key.id)).toContain(own.id);
    await t.http().post(`/api/v1/api-keys/${own.id}/revoke`).set(as('alice')).expect(200);
  });

  it('should let a tenant admin create a key for another user, but not beyond her own permissions', async () => {
    const forBob = await createKey('alice', {
      name: 'for bob',
      permission_source_id: bob.id,
      scopes: ['domains:read'],
    });
    const me = await t.http().get('/api/v1/auth/me').set(withKey(forBob.key)).expect(200);
    expect(me.body.data).toMatchObject({ id: bob.id, permissions: ['domains:read'] });
    // The platform admin holds platform-only permissions alice does not: she cannot mint a key carrying them.
    const admin = (await t.http().get('/api/v1/auth/me').set(as('admin')).expect(200)).body.data as {
      id: string;
    };
    const response = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('alice'))
      .send({
        name: 'escalation',
        permission_source: 'user',
        permission_source_id: admin.id,
        scopes: ['platform:manage'],
      })
      .expect(403);
    expect(response.body.detail).toMatch(/platform:manage/);
  });

  it("should answer 404 to another tenant's admin for every operation on a key", async () => {
    const created = await createKey('alice', { name: 'acme secret' });
    const base = `/api/v1/api-keys/${created.id}`;
    await t.http().get(base).set(as('carol')).expect(404);
    await t.http().patch(base).set(as('carol')).send({ name: 'mine now' }).expect(404);
    await t.http().post(`${base}/revoke`).set(as('carol')).expect(404);
    await t.http().post(`${base}/activate`).set(as('carol')).expect(404);
    await t.http().post(`${base}/regenerate`).set(as('carol')).expect(404);
    await t.http().delete(base).set(as('carol')).expect(404);
    const list = await t.http().get('/api/v1/api-keys/?page_size=100').set(as('carol')).expect(200);
    expect((list.body.data as KeyBody[]).map((key) => key.id)).not.toContain(created.id);
    // Still intact.
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    // Malformed ids are 404 too, not 500.
    await t.http().get('/api/v1/api-keys/not-a-uuid').set(as('alice')).expect(404);
  });

  it('should let a platform admin acting in the tenant manage its keys', async () => {
    const created = await createKey('alice', { name: 'admin can see' });
    await t
      .http()
      .get(`/api/v1/api-keys/${created.id}`)
      .set(as('admin'))
      .set('X-Tenant-Id', 'tnt_acme')
      .expect(200);
    await t
      .http()
      .get(`/api/v1/api-keys/${created.id}`)
      .set(as('admin'))
      .set('X-Tenant-Id', 'tnt_globex')
      .expect(404);
    const renamed = await t
      .http()
      .patch(`/api/v1/api-keys/${created.id}`)
      .set(as('admin'))
      .set('X-Tenant-Id', 'tnt_acme')
      .send({ name: 'renamed by admin', rate_limit: 50 })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'renamed by admin', rate_limit: 50 });
  });

  it('should count uses without a database write, show them merged, and flush them to MariaDB', async () => {
    // Play another instance holding the flush lock, so the periodic flush cannot run during the first checks.
    const redis = t.app.get(RedisService);
    const lock = redis.key('api-key-usage', 'flush-lock');
    await redis.client.set(lock, 'another-instance', 'PX', 60_000);
    const usage = t.app.get(ApiKeyUsageService);

    const created = await createKey('alice', { name: 'counted' });
    for (let i = 0; i < 3; i++) {
      await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    }
    const [row] = await db.query('SELECT use_count, last_used_at FROM api_keys WHERE id = ?', [created.id]);
    expect(Number(row.use_count)).toBe(0);
    expect(row.last_used_at).toBeNull();

    const merged = (await t.http().get(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(200))
      .body as KeyBody;
    expect(merged.use_count).toBe(3);
    expect(merged.last_used_ip).toMatch(/127\.0\.0\.1|::1/);
    expect(Date.now() - Date.parse(merged.last_used_at!)).toBeLessThan(60_000);

    // Only the lock holder flushes.
    expect(await usage.flush()).toBe(0);
    expect(await redis.client.get(lock)).toBe('another-instance');
    await redis.client.del(lock);
    expect(await usage.flush()).toBeGreaterThanOrEqual(1);
    expect(await redis.client.get(lock)).toBeNull();
    const [flushed] = await db.query(
      'SELECT use_count, last_used_at, last_used_ip FROM api_keys WHERE id = ?',
      [created.id],
    );
    expect(Number(flushed.use_count)).toBe(3);
    expect(flushed.last_used_at).not.toBeNull();

    // After the flush nothing is counted twice, and new uses add up.
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    const listed = (await t.http().get('/api/v1/api-keys/?page_size=100').set(as('alice')).expect(200)).body
      .data as KeyBody[];
    expect(listed.find((key) => key.id === created.id)?.use_count).toBe(4);

    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain(`scaidns_api_key_usage_total{key_id="${created.id}"} 4`);
  });

  it('should stop a group-owned key as soon as its group is deleted, and show it to members read-only', async () => {
    const groupId = randomUUID();
    await db.query('INSERT INTO `groups` (id, scaikey_group_id, tenant_id, name) VALUES (?, ?, ?, ?)', [
      groupId,
      `grp_e2e_${groupId.slice(0, 8)}`,
      alice.tenant_id,
      'E2E operators',
    ]);
    const [role] = await db.query("SELECT id FROM roles WHERE name = 'read_only' AND tenant_key = 'system'");
    await db.query(
      "INSERT INTO role_assignments (id, role_id, principal_type, principal_id, scope_type, scope_id, scope_key, tenant_id) VALUES (?, ?, 'group', ?, 'tenant', ?, ?, ?)",
      [randomUUID(), role.id, groupId, alice.tenant_id, alice.tenant_id, alice.tenant_id],
    );
    await db.query('INSERT INTO group_members (group_id, user_id) VALUES (?, ?)', [groupId, bob.id]);
    await t.app.get(PermissionsService).invalidate();

    // The group holds read_only: records:create is beyond it.
    await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('alice'))
      .send({
        name: 'group too much',
        permission_source: 'group',
        permission_source_id: groupId,
        scopes: ['records:create'],
      })
      .expect(400);
    // Bob, a member without api_keys:manage, cannot create one.
    await t
      .http()
      .post('/api/v1/api-keys/')
      .set(as('bob'))
      .send({ name: 'group by bob', permission_source: 'group', permission_source_id: groupId })
      .expect(403);
    const created = await createKey('alice', {
      name: 'group key',
      permission_source: 'group',
      permission_source_id: groupId,
      scopes: ['domains:read'],
    });
    expect(created).toMatchObject({ permission_source: 'group', permission_source_id: groupId });
    const me = await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(200);
    expect(me.body.data.permissions).toEqual(['domains:read']);

    // Bob sees the key of his group but cannot change it.
    await t.http().get(`/api/v1/api-keys/${created.id}`).set(as('bob')).expect(200);
    const bobList = await t.http().get('/api/v1/api-keys/?page_size=100').set(as('bob')).expect(200);
    expect((bobList.body.data as KeyBody[]).map((key) => key.id)).toContain(created.id);
    await t.http().post(`/api/v1/api-keys/${created.id}/revoke`).set(as('bob')).expect(403);

    await db.query('DELETE FROM group_members WHERE group_id = ?', [groupId]);
    await db.query('DELETE FROM `groups` WHERE id = ?', [groupId]);
    const gone = await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(401);
    expect(gone.body.detail).toMatch(/group/);
  });

  it('should delete a key for good: 204, then 404 and 401', async () => {
    const created = await createKey('alice', { name: 'doomed' });
    await t.http().delete(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(204);
    await t.http().get(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(404);
    await t.http().delete(`/api/v1/api-keys/${created.id}`).set(as('alice')).expect(404);
    await t.http().get('/api/v1/auth/me').set(withKey(created.key)).expect(401);
    const audit = await auditRows(created.id);
    expect(audit.map((row) => row.action)).toEqual(['api_key.create', 'api_key.delete']);
    expect(audit[1].details).toMatchObject({ before: { name: 'doomed' } });
    expect(audit[1].details).not.toHaveProperty('after');
  });

  it('should audit an update with before and after', async () => {
    const created = await createKey('alice', { name: 'before', scopes: ['domains:read'] });
    const updated = await t
      .http()
      .patch(`/api/v1/api-keys/${created.id}`)
      .set(as('alice'))
      .send({ name: 'after', scopes: ['records:*'], rate_limit: null, expires_at: null })
      .expect(200);
    expect(updated.body.scopes).toEqual([
      'records:create',
      'records:delete',
      'records:read',
      'records:update',
    ]);
    const audit = await auditRows(created.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'api_key.update',
      details: { before: { name: 'before', scopes: ['domains:read'] }, after: { name: 'after' } },
    });
  });
});
