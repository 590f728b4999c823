import { AuditRepository } from 'src/audit/audit.repository';
import { PermissionsService } from 'src/roles/permissions.service';
import { RolesRepository } from 'src/roles/roles.repository';
import { SYSTEM_ROLES, SYSTEM_ROLE_NAMES } from 'src/roles/system-roles';
import { PERMISSIONS } from 'src/auth/permissions';
import { TenantsRepository } from 'src/tenants/tenants.repository';
import { UsersRepository } from 'src/users/users.repository';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

interface Me {
  id: string;
  tenant_id: string;
  permissions: string[];
}

describe('Roles and role assignments (e2e)', () => {
  let t: TestApp;
  const tokens: Record<'admin' | 'alice' | 'bob' | 'carol', string> = {
    admin: '',
    alice: '',
    bob: '',
    carol: '',
  };
  let bob: Me;
  let alice: Me;
  let carol: Me;

  const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function me(who: keyof typeof tokens): Promise<Me> {
    const response = await t.http().get('/api/v1/auth/me').set(as(who)).expect(200);
    return response.body.data as Me;
  }

  async function createRole(who: keyof typeof tokens, name: string, permissions: string[]): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/roles/')
      .set(as(who))
      .send({ name, description: `${name} (e2e)`, permissions })
      .expect(201);
    return response.body.id as string;
  }

  async function assign(who: keyof typeof tokens, body: Record<string, unknown>, status = 201) {
    return t.http().post('/api/v1/role-assignments/').set(as(who)).send(body).expect(status);
  }

  async function systemRoleId(name: string): Promise<string> {
    const list = await t.http().get('/api/v1/roles/').set(as('alice')).expect(200);
    return (list.body.data as { id: string; name: string }[]).find((role) => role.name === name)!.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tokens.admin = await userToken(t.stack, 'admin@scaidns.test');
    tokens.alice = await userToken(t.stack, 'alice@acme.test');
    tokens.bob = await userToken(t.stack, 'bob@acme.test');
    tokens.carol = await userToken(t.stack, 'carol@globex.test');
    // First sign-in puts each user into ScaiDNS's cache.
    await me('admin');
    alice = await me('alice');
    bob = await me('bob');
    carol = await me('carol');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should list the seven system roles with their explicit permissions', async () => {
    const response = await t.http().get('/api/v1/roles').set(as('alice')).expect(200);
    expect(response.body).toEqual(
      expect.objectContaining({ total: expect.any(Number), page: 1, page_size: 50, total_pages: 1 }),
    );
    const system = (
      response.body.data as { name: string; is_system: boolean; permissions: string[]; tenant_id: null }[]
    ).filter((role) => role.is_system);
    expect(system.map((role) => role.name).sort()).toEqual([...SYSTEM_ROLE_NAMES].sort());
    for (const role of system) {
      const expected = PERMISSIONS.filter((permission) =>
        SYSTEM_ROLES[role.name as keyof typeof SYSTEM_ROLES].permissions.includes(permission),
      );
      expect(role.permissions).toEqual(expected);
      expect(role.tenant_id).toBeNull();
    }
    expect(system.find((role) => role.name === 'read_only')!.permissions).toEqual([
      'domains:read',
      'records:read',
      'dnssec:read',
      'templates:read',
    ]);
  });

  it('should refuse role management to a read-only user with 403', async () => {
    await t.http().get('/api/v1/roles/').set(as('bob')).expect(403);
    const response = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('bob'))
      .send({ name: 'bobs-role', permissions: ['domains:read'] })
      .expect(403);
    expect(response.body.detail).toContain('roles:manage');
    await t.http().get('/api/v1/role-assignments/').set(as('bob')).expect(403);
  });

  it('should refuse a custom role with a permission its creator does not hold, naming it', async () => {
    const response = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'too-much', permissions: ['records:read', 'tenants:manage'] })
      .expect(403);
    expect(response.body.detail).toMatch(/do not hold: tenants:manage$/);
    const list = await t.http().get('/api/v1/roles/').set(as('alice')).expect(200);
    expect((list.body.data as { name: string }[]).map((role) => role.name)).not.toContain('too-much');
  });

  it('should refuse platform permissions in a tenant role even for a platform admin (400)', async () => {
    const response = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('admin'))
      .send({ name: 'tenant-boss', permissions: ['tenants:manage'] })
      .expect(400);
    expect(response.body.detail).toContain('platform permissions');
  });

  it('should answer malformed role bodies with 422', async () => {
    const badName = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'Not A Slug', permissions: ['domains:read'] })
      .expect(422);
    expect(badName.body.detail[0].loc).toEqual(['body', 'name']);
    const badPermission = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'weird', permissions: ['dns:everything'] })
      .expect(422);
    expect(badPermission.body.detail[0].loc).toEqual(['body', 'permissions']);
    await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'extra', permissions: [], tenant_id: 'tnt_globex' })
      .expect(422);
  });

  it('should answer 409 for a system role name and for a duplicate name', async () => {
    const system = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'read_only', permissions: ['domains:read'] })
      .expect(409);
    expect(system.body.detail).toContain('system role');
    await createRole('alice', 'dup-check', ['domains:read']);
    const duplicate = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('alice'))
      .send({ name: 'dup-check', permissions: ['records:read'] })
      .expect(409);
    expect(duplicate.body.detail).toBe('Role "dup-check" already exists');
  });

  describe('a custom role assigned to bob', () => {
    let roleId: string;
    let assignmentId: string;

    it('should reach bob at once, and be audited', async () => {
      roleId = await createRole('alice', 'dns-editor', ['records:update', 'records:create', 'audit:read']);
      const before = await me('bob'); // also fills the permission cache
      expect(before.permissions).not.toContain('records:create');
      const created = await t.http().get(`/api/v1/roles/${roleId}`).set(as('alice')).expect(200);
      expect(created.body).toEqual(
        expect.objectContaining({
          id: roleId,
          name: 'dns-editor',
          is_system: false,
          tenant_id: alice.tenant_id,
          permissions: ['records:create', 'records:update', 'audit:read'],
          assignment_count: 0,
        }),
      );

      const response = await assign('alice', {
        role_id: roleId,
        principal_type: 'user',
        principal_id: bob.id,
        scope_type: 'tenant',
      });
      assignmentId = response.body.id as string;
      expect(response.body).toEqual(
        expect.objectContaining({
          role_id: roleId,
          role_name: 'dns-editor',
          principal_type: 'user',
          principal_id: bob.id,
          scope_type: 'tenant',
          scope_id: alice.tenant_id,
          tenant_id: alice.tenant_id,
          expires_at: null,
          is_expired: false,
          created_by: alice.id,
        }),
      );

      const after = await me('bob');
      expect(after.permissions).toEqual(
        expect.arrayContaining(['records:create', 'records:update', 'audit:read']),
      );
      expect(after.permissions).not.toContain('records:delete');

      const [logs] = await t.app
        .get(AuditRepository)
        .list({ tenantId: alice.tenant_id, resourceId: assignmentId }, { page: 1, pageSize: 10, offset: 0 });
      expect(logs.map((log) => log.action)).toEqual(['role.assign']);
      expect(logs[0].actorId).toBe(alice.id);
      const [roleLogs] = await t.app
        .get(AuditRepository)
        .list({ tenantId: alice.tenant_id, resourceId: roleId }, { page: 1, pageSize: 10, offset: 0 });
      expect(roleLogs.map((log) => log.action)).toEqual(['role.create']);
    });

    it('should answer 409 "Role already assigned" for the same assignment again, also by ScaiKey id', async () => {
      const response = await assign(
        'alice',
        { role_id: roleId, principal_type: 'user', principal_id: 'usr_bob', scope_type: 'tenant' },
        409,
      );
      expect(response.body).toEqual({ detail: 'Role already assigned' });
    });

    it('should list the assignment with filters', async () => {
      const byScaiKeyId = await t
        .http()
        .get('/api/v1/role-assignments/')
        .query({ principal_type: 'user', principal_id: 'usr_bob', scope_type: 'tenant' })
        .set(as('alice'))
        .expect(200);
      expect((byScaiKeyId.body.data as { id: string }[]).map((row) => row.id)).toEqual([assignmentId]);
      expect(byScaiKeyId.body.total).toBe(1);
      const otherScope = await t
        .http()
        .get('/api/v1/role-assignments/')
        .query({ principal_id: bob.id, scope_type: 'domain' })
        .set(as('alice'))
        .expect(200);
      expect(otherScope.body.total).toBe(0);
    });

    it('should let the holder gain what a role update adds', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/roles/${roleId}`)
        .set(as('alice'))
        .send({ permissions: ['records:create', 'records:update', 'records:delete', 'audit:read'] })
        .expect(200);
      expect(response.body.permissions).toContain('records:delete');
      expect(response.body.assignment_count).toBe(1);
      expect((await me('bob')).permissions).toContain('records:delete');
    });

    it("should hide alice's role and assignment from carol (404)", async () => {
      await t.http().get(`/api/v1/roles/${roleId}`).set(as('carol')).expect(404);
      await t
        .http()
        .patch(`/api/v1/roles/${roleId}`)
        .set(as('carol'))
        .send({ description: 'mine now' })
        .expect(404);
      await t.http().delete(`/api/v1/roles/${roleId}`).set(as('carol')).expect(404);
      await t.http().get(`/api/v1/role-assignments/${assignmentId}`).set(as('carol')).expect(404);
      await t.http().delete(`/api/v1/role-assignments/${assignmentId}`).set(as('carol')).expect(404);
      const list = await t.http().get('/api/v1/roles/').set(as('carol')).expect(200);
      expect((list.body.data as { id: string }[]).map((role) => role.id)).not.toContain(roleId);
      const assignments = await t.http().get('/api/v1/role-assignments/').set(as('carol')).expect(200);
      expect((assignments.body.data as { id: string }[]).map((row) => row.id)).not.toContain(assignmentId);
      // Nor can carol use alice's role, or reach alice's users.
      await assign(
        'carol',
        { role_id: roleId, principal_type: 'user', principal_id: carol.id, scope_type: 'tenant' },
        404,
      );
      const foreignUser = await assign(
        'carol',
        { role_id: 'read_only', principal_type: 'user', principal_id: bob.id, scope_type: 'tenant' },
        404,
      );
      expect(foreignUser.body.detail).toBe('User not found');
    });

    it('should take the permissions away when the assignment is revoked', async () => {
      await t.http().delete(`/api/v1/role-assignments/${assignmentId}`).set(as('alice')).expect(204);
      await t.http().get(`/api/v1/role-assignments/${assignmentId}`).set(as('alice')).expect(404);
      expect((await me('bob')).permissions).not.toContain('records:create');
      const [logs] = await t.app
        .get(AuditRepository)
        .list({ tenantId: alice.tenant_id, resourceId: assignmentId }, { page: 1, pageSize: 10, offset: 0 });
      expect(logs.map((log) => log.action).sort()).toEqual(['role.assign', 'role.revoke']);
    });

    it('should delete a custom role together with its assignments', async () => {
      const again = await assign('alice', {
        role_id: roleId,
        principal_type: 'user',
        principal_id: bob.id,
        scope_type: 'tenant',
      });
      expect((await me('bob')).permissions).toContain('records:delete');
      await t.http().delete(`/api/v1/roles/${roleId}`).set(as('alice')).expect(204);
      await t.http().get(`/api/v1/roles/${roleId}`).set(as('alice')).expect(404);
      await t.http().get(`/api/v1/role-assignments/${again.body.id}`).set(as('alice')).expect(404);
      expect((await me('bob')).permissions).not.toContain('records:delete');
    });
  });

  it('should keep system roles read-only, even for a platform admin', async () => {
    const readOnly = await systemRoleId('read_only');
    const patch = await t
      .http()
      .patch(`/api/v1/roles/${readOnly}`)
      .set(as('alice'))
      .send({ permissions: ['domains:read'] })
      .expect(403);
    expect(patch.body.detail).toMatch(/System roles are read-only/);
    const remove = await t.http().delete(`/api/v1/roles/${readOnly}`).set(as('admin')).expect(403);
    expect(remove.body.detail).toMatch(/System roles are read-only/);
    const unchanged = await t.http().get(`/api/v1/roles/${readOnly}`).set(as('alice')).expect(200);
    expect(unchanged.body.permissions).toHaveLength(4);
  });

  it('should refuse to grant a role whose permissions the caller lacks, or a scope they may not use', async () => {
    const bypass = await assign(
      'alice',
      { role_id: 'validation_bypass', principal_type: 'user', principal_id: bob.id, scope_type: 'tenant' },
      403,
    );
    expect(bypass.body.detail).toContain('validation:bypass');
    const platform = await assign(
      'alice',
      { role_id: 'read_only', principal_type: 'user', principal_id: bob.id, scope_type: 'platform' },
      403,
    );
    expect(platform.body.detail).toContain('platform admins');
    const adminAtTenant = await assign(
      'admin',
      { role_id: 'platform_admin', principal_type: 'user', principal_id: bob.id, scope_type: 'tenant' },
      400,
    );
    expect(adminAtTenant.body.detail).toContain('platform scope');
    await assign(
      'alice',
      { role_id: 'read_only', principal_type: 'user', principal_id: bob.id, scope_type: 'domain' },
      422,
    );
    await assign(
      'alice',
      {
        role_id: 'read_only',
        principal_type: 'user',
        principal_id: bob.id,
        scope_type: 'tenant',
        expires_at: '2001-01-01T00:00:00Z',
      },
      400,
    );
  });

  it('should not count an expired assignment, and replace it when assigned again', async () => {
    const roleId = await createRole('alice', 'audit-reader', ['audit:read']);
    const saved = await t.app.get(RolesRepository).saveAssignment({
      roleId,
      principalType: 'user',
      principalId: bob.id,
      scopeType: 'tenant',
      scopeId: bob.tenant_id,
      scopeKey: bob.tenant_id,
      tenantId: bob.tenant_id,
      expiresAt: new Date(Date.now() - 60_000),
      createdBy: alice.id,
    });
    await t.app.get(PermissionsService).invalidate();
    expect((await me('bob')).permissions).not.toContain('audit:read');

    const listed = await t
      .http()
      .get('/api/v1/role-assignments/')
      .query({ role_id: roleId })
      .set(as('alice'))
      .expect(200);
    expect(listed.body.total).toBe(0);
    const withExpired = await t
      .http()
      .get('/api/v1/role-assignments/')
      .query({ role_id: roleId, include_expired: 'true' })
      .set(as('alice'))
      .expect(200);
    expect(withExpired.body.data).toEqual([expect.objectContaining({ id: saved.id, is_expired: true })]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const renewed = await assign('alice', {
      role_id: roleId,
      principal_type: 'user',
      principal_id: bob.id,
      scope_type: 'tenant',
      expires_at: future,
    });
    expect(renewed.body.id).not.toBe(saved.id);
    expect(new Date(renewed.body.expires_at as string).toISOString()).toBe(future);
    expect((await me('bob')).permissions).toContain('audit:read');
  });

  it("should give a group's role to the group's members", async () => {
    const acme = await t.app.get(TenantsRepository).findByScaikeyId('tnt_acme');
    const users = t.app.get(UsersRepository);
    // The ScaiKey sync is another issue: seed the demo group and bob's membership in the cache directly.
    const group = await users.upsertGroup({
      scaikeyGroupId: 'grp_acme_dns_ops',
      tenantId: acme!.id,
      name: 'DNS Operators',
      groupType: 'SECURITY',
    });
    await users.addMember(group.id, bob.id);
    await t.app.get(PermissionsService).invalidate();
    expect((await me('bob')).permissions).not.toContain('domains:create');

    const roleId = await createRole('alice', 'zone-creator', ['domains:create']);
    const response = await assign('alice', {
      role_id: roleId,
      principal_type: 'group',
      principal_id: 'grp_acme_dns_ops',
      scope_type: 'tenant',
    });
    expect(response.body).toEqual(
      expect.objectContaining({ principal_type: 'group', principal_id: group.id }),
    );
    expect((await me('bob')).permissions).toContain('domains:create');
    expect((await me('alice')).permissions).toContain('domains:create'); // tenant admin anyway
    // carol's tenant does not see the group
    await assign(
      'carol',
      {
        role_id: 'read_only',
        principal_type: 'group',
        principal_id: 'grp_acme_dns_ops',
        scope_type: 'tenant',
      },
      404,
    );
  });

  it('should let a platform admin manage roles in another tenant with X-Tenant-ID', async () => {
    const response = await t
      .http()
      .post('/api/v1/roles/')
      .set(as('admin'))
      .set('X-Tenant-ID', 'tnt_globex')
      .send({ name: 'globex-auditor', permissions: ['audit:read'] })
      .expect(201);
    expect(response.body.tenant_id).toBe(carol.tenant_id);
    const carolList = await t.http().get('/api/v1/roles/').set(as('carol')).expect(200);
    expect((carolList.body.data as { name: string }[]).map((role) => role.name)).toContain('globex-auditor');
    const aliceList = await t.http().get('/api/v1/roles/').set(as('alice')).expect(200);
    expect((aliceList.body.data as { name: string }[]).map((role) => role.name)).not.toContain(
      'globex-auditor',
    );
    // alice cannot name another tenant
    await t.http().get('/api/v1/roles/').set(as('alice')).set('X-Tenant-ID', 'tnt_globex').expect(403);
  });
});
