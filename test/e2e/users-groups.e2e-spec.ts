import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { AuditRepository } from 'src/audit/audit.repository';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyAdminClient, ScaiKeyAdminError } from 'src/auth/scaikey/scaikey-admin.client';
import { AppException } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';
import { authorize, clientCredentialsToken, userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';

type Who = 'admin' | 'alice' | 'bob' | 'carol' | 'dave';

interface Me {
  id: string;
  tenant_id: string;
  permissions: string[];
}

interface AdminUser {
  id: string;
  scaikey_user_id: string;
  email: string;
  name: string | null;
  status: string;
  tenant_id: string;
}

/** The dev IdP is shared by every test file of a run: everything created here carries this suffix. */
const suffix = randomBytes(4).toString('hex');
const emailOf = (name: string) => `${name}-${suffix}@acme.test`;

describe('Users and groups admin (e2e)', () => {
  let t: TestApp;
  const tokens: Record<Who, string> = { admin: '', alice: '', bob: '', carol: '', dave: '' };
  const people: Partial<Record<Who, Me>> = {};
  const createdUsers: string[] = [];
  const createdGroups: string[] = [];

  const as = (who: Who) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function me(who: Who): Promise<Me> {
    const response = await t.http().get('/api/v1/auth/me').set(as(who)).expect(200);
    return response.body.data as Me;
  }

  /** ScaiKey's own view, through its admin API, as ScaiDNS's sync client. */
  async function idp(
    method: string,
    path: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const token = await clientCredentialsToken(t.stack, 'scaidns-sync');
    const response = await fetch(`${t.stack.idp.base_url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function createUser(who: Who, body: Record<string, unknown>, status = 201) {
    const response = await t.http().post('/api/v1/admin/users/').set(as(who)).send(body).expect(status);
    if (response.status === 201) {
      createdUsers.push((response.body as AdminUser).scaikey_user_id);
    }
    return response;
  }

  async function canSignIn(email: string, password: string): Promise<boolean> {
    return authorize(t.stack, email, password).then(
      () => true,
      (error: Error) => {
        if (/login refused/.test(error.message)) {
          return false;
        }
        throw error;
      },
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
      ['dave', 'dave@globex.test'],
    ] as [Who, string][]) {
      tokens[who] = await userToken(t.stack, email);
      people[who] = await me(who); // first sign-in caches the user
    }
  });

  afterAll(async () => {
    for (const id of createdGroups) {
      await idp('DELETE', `/api/v1/admin/groups/${id}`);
    }
    for (const id of createdUsers) {
      await idp('DELETE', `/api/v1/admin/users/${id}`);
    }
    await t?.close();
  });

  describe('reading', () => {
    it("should list only the caller tenant's users, in the documented envelope", async () => {
      const response = await t.http().get('/api/v1/admin/users/').set(as('alice')).expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({ total: expect.any(Number), page: 1, page_size: 50, total_pages: 1 }),
      );
      const emails = (response.body.data as AdminUser[]).map((user) => user.email);
      expect(emails).toEqual(
        expect.arrayContaining(['alice@acme.test', 'bob@acme.test', 'admin@scaidns.test']),
      );
      expect(emails).not.toContain('carol@globex.test');
      expect(emails).not.toContain('dave@globex.test');
      const bob = (response.body.data as AdminUser[]).find((user) => user.email === 'bob@acme.test');
      expect(bob).toEqual(
        expect.objectContaining({
          id: people.bob!.id,
          scaikey_user_id: 'usr_bob',
          status: 'active',
          is_platform_admin: false,
          is_tenant_admin: false,
          created_at: expect.any(String),
        }),
      );
    });

    it('should filter by search and status and page through', async () => {
      const search = await t
        .http()
        .get('/api/v1/admin/users/')
        .query({ search: 'bob@' })
        .set(as('alice'))
        .expect(200);
      expect((search.body.data as AdminUser[]).map((user) => user.email)).toEqual(['bob@acme.test']);
      const paged = await t
        .http()
        .get('/api/v1/admin/users/')
        .query({ page_size: 1, page: 2 })
        .set(as('alice'))
        .expect(200);
      expect(paged.body.data).toHaveLength(1);
      expect(paged.body.total_pages).toBe(paged.body.total);
      await t.http().get('/api/v1/admin/users/').query({ status: 'gone' }).set(as('alice')).expect(422);
    });

    it('should find a user by ScaiDNS id or ScaiKey id, and 404 across tenants', async () => {
      const byScaiKeyId = await t.http().get('/api/v1/admin/users/usr_bob').set(as('alice')).expect(200);
      expect(byScaiKeyId.body.id).toBe(people.bob!.id);
      expect(byScaiKeyId.body.groups).toEqual([]);
      await t.http().get(`/api/v1/admin/users/${people.bob!.id}`).set(as('alice')).expect(200);
      const foreign = await t
        .http()
        .get(`/api/v1/admin/users/${people.bob!.id}`)
        .set(as('carol'))
        .expect(404);
      expect(foreign.body).toEqual({ detail: 'User not found' });
      await t.http().get('/api/v1/admin/users/usr_bob').set(as('carol')).expect(404);
    });

    it('should refuse users and groups to a user without the permissions (403)', async () => {
      await t.http().get('/api/v1/admin/users/').set(as('bob')).expect(403);
      const create = await t
        .http()
        .post('/api/v1/admin/users/')
        .set(as('bob'))
        .send({ email: emailOf('never') })
        .expect(403);
      expect(create.body.detail).toContain('users:manage');
      await t.http().get('/api/v1/admin/groups/').set(as('bob')).expect(403);
      await t.http().post('/api/v1/admin/groups/').set(as('bob')).send({ name: 'nope' }).expect(403);
      const idpUsers = await idp('GET', `/api/v1/admin/users?email=${encodeURIComponent(emailOf('never'))}`);
      expect(idpUsers.body.total).toBe(0);
    });

    it("should let a platform admin list another tenant's users with X-Tenant-ID", async () => {
      const response = await t
        .http()
        .get('/api/v1/admin/users/')
        .set(as('admin'))
        .set('X-Tenant-ID', 'tnt_globex')
        .expect(200);
      const emails = (response.body.data as AdminUser[]).map((user) => user.email).sort();
      expect(emails).toEqual(['carol@globex.test', 'dave@globex.test']);
      await t
        .http()
        .get('/api/v1/admin/users/')
        .set(as('alice'))
        .set('X-Tenant-ID', 'tnt_globex')
        .expect(403);
    });
  });

  describe('a user created through ScaiDNS', () => {
    const email = emailOf('erin');
    const password = 'erin-password-1';
    let erin: AdminUser;

    it('should exist in the IdP and in the local cache at once', async () => {
      const response = await createUser('alice', { email, first_name: 'Erin', last_name: 'Evans', password });
      erin = response.body as AdminUser;
      expect(erin).toEqual(
        expect.objectContaining({
          email,
          name: 'Erin Evans',
          status: 'active',
          tenant_id: people.alice!.tenant_id,
          scaikey_user_id: expect.stringMatching(/^usr_/),
        }),
      );
      const remote = await idp('GET', `/api/v1/admin/users/${erin.scaikey_user_id}`);
      expect(remote.status).toBe(200);
      expect(remote.body).toEqual(
        expect.objectContaining({ email, tenant_id: 'tnt_acme', status: 'ACTIVE' }),
      );
      const cached = await t.http().get(`/api/v1/admin/users/${erin.id}`).set(as('alice')).expect(200);
      expect(cached.body.scaikey_user_id).toBe(erin.scaikey_user_id);
      expect(await canSignIn(email, password)).toBe(true);
      const [logs] = await t.app
        .get(AuditRepository)
        .list(
          { tenantId: people.alice!.tenant_id, resourceId: erin.id },
          { page: 1, pageSize: 10, offset: 0 },
        );
      expect(logs.map((log) => log.action)).toEqual(['user.create']);
    });

    it("should pass ScaiKey's refusal through: a taken e-mail address is 409", async () => {
      const response = await createUser('alice', { email: 'bob@acme.test', password: 'whatever-123' }, 409);
      expect(response.body).toEqual({ detail: 'User with this email already exists' });
    });

    it('should refuse another tenant to a tenant admin, and allow it to a platform admin', async () => {
      await createUser('alice', { email: emailOf('sneaky'), tenant_id: 'tnt_globex' }, 403);
      const response = await createUser('admin', {
        email: `gil-${suffix}@globex.test`,
        tenant_id: 'tnt_globex',
      });
      expect(response.body.tenant_id).toBe(people.carol!.tenant_id);
      const carolList = await t.http().get('/api/v1/admin/users/').set(as('carol')).expect(200);
      expect((carolList.body.data as AdminUser[]).map((user) => user.email)).toContain(
        `gil-${suffix}@globex.test`,
      );
      await createUser('admin', { email: emailOf('nowhere'), tenant_id: 'tnt_nowhere' }, 404);
    });

    it('should change the name in the IdP and the cache', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/admin/users/${erin.scaikey_user_id}`)
        .set(as('alice'))
        .send({ first_name: 'Erina' })
        .expect(200);
      expect(response.body.name).toBe('Erina Evans');
      const remote = await idp('GET', `/api/v1/admin/users/${erin.scaikey_user_id}`);
      expect(remote.body).toEqual(
        expect.objectContaining({ first_name: 'Erina', display_name: 'Erina Evans' }),
      );
      const cached = await t.http().get(`/api/v1/admin/users/${erin.id}`).set(as('alice')).expect(200);
      expect(cached.body.name).toBe('Erina Evans');
      await t.http().patch(`/api/v1/admin/users/${erin.id}`).set(as('alice')).send({}).expect(400);
      await t
        .http()
        .patch(`/api/v1/admin/users/${erin.id}`)
        .set(as('carol'))
        .send({ first_name: 'X' })
        .expect(404);
    });

    it('should set a password in the IdP', async () => {
      await t
        .http()
        .post(`/api/v1/admin/users/${erin.id}/password`)
        .set(as('alice'))
        .send({ password: 'short' })
        .expect(422);
      await t
        .http()
        .post(`/api/v1/admin/users/${erin.id}/password`)
        .set(as('alice'))
        .send({ password: 'erin-new-password' })
        .expect(204);
      expect(await canSignIn(email, 'erin-new-password')).toBe(true);
      expect(await canSignIn(email, password)).toBe(false);
    });

    it('should deactivate: DELETED in the IdP, inactive here, and sign-in refused', async () => {
      await t.http().delete(`/api/v1/admin/users/${erin.id}`).set(as('alice')).expect(204);
      const remote = await idp('GET', `/api/v1/admin/users/${erin.scaikey_user_id}`);
      expect(remote.body.status).toBe('DELETED');
      const cached = await t.http().get(`/api/v1/admin/users/${erin.id}`).set(as('alice')).expect(200);
      expect(cached.body.status).toBe('inactive');
      const inactive = await t
        .http()
        .get('/api/v1/admin/users/')
        .query({ status: 'inactive' })
        .set(as('alice'))
        .expect(200);
      expect((inactive.body.data as AdminUser[]).map((user) => user.id)).toContain(erin.id);
      expect(await canSignIn(email, 'erin-new-password')).toBe(false);
    });

    it('should re-activate in the IdP and here', async () => {
      const response = await t
        .http()
        .post(`/api/v1/admin/users/${erin.id}/activate`)
        .set(as('alice'))
        .expect(200);
      expect(response.body.status).toBe('active');
      expect((await idp('GET', `/api/v1/admin/users/${erin.scaikey_user_id}`)).body.status).toBe('ACTIVE');
    });

    it('should protect platform admins and the caller themselves', async () => {
      const admin = await t.http().delete('/api/v1/admin/users/usr_admin').set(as('alice')).expect(403);
      expect(admin.body.detail).toContain('platform admin');
      expect((await idp('GET', '/api/v1/admin/users/usr_admin')).body.status).toBe('ACTIVE');
      const self = await t
        .http()
        .delete(`/api/v1/admin/users/${people.alice!.id}`)
        .set(as('alice'))
        .expect(400);
      expect(self.body.detail).toContain('yourself');
    });

    it('should invite (create without a password) and accept a resend', async () => {
      const response = await t
        .http()
        .post('/api/v1/admin/users/invite')
        .set(as('alice'))
        .send({ email: emailOf('ivy'), first_name: 'Ivy' })
        .expect(201);
      createdUsers.push(response.body.user.scaikey_user_id as string);
      expect(response.body.user).toEqual(
        expect.objectContaining({ email: emailOf('ivy'), status: 'active' }),
      );
      expect(response.body.message).toContain('without a password');
      expect((await idp('GET', `/api/v1/admin/users/${response.body.user.scaikey_user_id}`)).status).toBe(
        200,
      );
      const resend = await t
        .http()
        .post(`/api/v1/admin/users/${response.body.user.id}/resend-invite`)
        .set(as('alice'))
        .expect(202);
      expect(resend.body).toEqual({
        status: 'accepted',
        message: expect.stringContaining('nothing was sent'),
      });
    });
  });

  describe('a group created through ScaiDNS', () => {
    let group: { id: string; scaikey_group_id: string; name: string };
    let frank: AdminUser;

    beforeAll(async () => {
      frank = (await createUser('alice', { email: emailOf('frank'), first_name: 'Frank', last_name: 'Fox' }))
        .body as AdminUser;
    });

    it('should exist in the IdP and in the local cache', async () => {
      const response = await t
        .http()
        .post('/api/v1/admin/groups/')
        .set(as('alice'))
        .send({ name: `E2E ${suffix}`, description: 'made by the e2e suite' })
        .expect(201);
      group = response.body as typeof group;
      createdGroups.push(group.scaikey_group_id);
      expect(response.body).toEqual(
        expect.objectContaining({
          scaikey_group_id: expect.stringMatching(/^grp_/),
          tenant_id: people.alice!.tenant_id,
          group_type: 'SECURITY',
          member_count: 0,
          members: [],
        }),
      );
      const remote = await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}`);
      expect(remote.body).toEqual(expect.objectContaining({ name: `E2E ${suffix}`, tenant_id: 'tnt_acme' }));
      const list = await t.http().get('/api/v1/admin/groups/').set(as('alice')).expect(200);
      expect((list.body.data as { id: string }[]).map((row) => row.id)).toContain(group.id);
      const carolList = await t.http().get('/api/v1/admin/groups/').set(as('carol')).expect(200);
      expect((carolList.body.data as { id: string }[]).map((row) => row.id)).not.toContain(group.id);
      await t.http().get(`/api/v1/admin/groups/${group.id}`).set(as('carol')).expect(404);
    });

    it('should update the group in the IdP and here', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/admin/groups/${group.scaikey_group_id}`)
        .set(as('alice'))
        .send({ description: 'renamed by e2e', group_type: 'DISTRIBUTION_LIST' })
        .expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({ description: 'renamed by e2e', group_type: 'DISTRIBUTION_LIST' }),
      );
      const remote = await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}`);
      expect(remote.body).toEqual(
        expect.objectContaining({ description: 'renamed by e2e', group_type: 'DISTRIBUTION_LIST' }),
      );
    });

    it('should add and remove members in the IdP and here', async () => {
      const added = await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('alice'))
        .send({ user_id: frank.scaikey_user_id })
        .expect(201);
      expect((added.body.members as AdminUser[]).map((member) => member.id)).toEqual([frank.id]);
      let remote = await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}/members`);
      expect((remote.body.data as { user_id: string }[]).map((member) => member.user_id)).toEqual([
        frank.scaikey_user_id,
      ]);
      const userView = await t.http().get(`/api/v1/admin/users/${frank.id}`).set(as('alice')).expect(200);
      expect(userView.body.groups).toEqual([
        { id: group.id, scaikey_group_id: group.scaikey_group_id, name: `E2E ${suffix}` },
      ]);

      const again = await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('alice'))
        .send({ user_id: frank.id })
        .expect(409);
      expect(again.body.detail).toContain('already a member');

      await t
        .http()
        .delete(`/api/v1/admin/groups/${group.id}/members/${frank.id}`)
        .set(as('alice'))
        .expect(204);
      remote = await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}/members`);
      expect(remote.body.data).toEqual([]);
      const detail = await t.http().get(`/api/v1/admin/groups/${group.id}`).set(as('alice')).expect(200);
      expect(detail.body.members).toEqual([]);
      // carol cannot touch acme's group, nor add her users to it
      await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('carol'))
        .send({ user_id: 'usr_dave' })
        .expect(404);
      const foreignUser = await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('alice'))
        .send({ user_id: 'usr_dave' })
        .expect(404);
      expect(foreignUser.body).toEqual({ detail: 'User not found' });
    });

    it("should change a member's permissions at once when the membership changes", async () => {
      const role = await t
        .http()
        .post('/api/v1/roles/')
        .set(as('alice'))
        .send({ name: `auditors-${suffix}`, permissions: ['audit:read'] })
        .expect(201);
      await t
        .http()
        .post('/api/v1/role-assignments/')
        .set(as('alice'))
        .send({
          role_id: role.body.id,
          principal_type: 'group',
          principal_id: group.id,
          scope_type: 'tenant',
        })
        .expect(201);
      expect((await me('bob')).permissions).not.toContain('audit:read');
      await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('alice'))
        .send({ user_id: 'usr_bob' })
        .expect(201);
      expect((await me('bob')).permissions).toContain('audit:read');
      await t.http().delete(`/api/v1/admin/groups/${group.id}/members/usr_bob`).set(as('alice')).expect(204);
      expect((await me('bob')).permissions).not.toContain('audit:read');
    });

    it('should refuse a membership that would hand out permissions the caller lacks', async () => {
      await t
        .http()
        .post('/api/v1/role-assignments/')
        .set(as('admin'))
        .set('X-Tenant-ID', 'tnt_acme')
        .send({
          role_id: 'validation_bypass',
          principal_type: 'group',
          principal_id: group.id,
          scope_type: 'tenant',
        })
        .expect(201);
      const response = await t
        .http()
        .post(`/api/v1/admin/groups/${group.id}/members`)
        .set(as('alice'))
        .send({ user_id: frank.id })
        .expect(403);
      expect(response.body.detail).toMatch(/do not hold: validation:bypass$/);
      const remote = await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}/members`);
      expect(remote.body.data).toEqual([]);
    });

    it('should delete the group in the IdP and here, with its role assignments', async () => {
      await t.http().delete(`/api/v1/admin/groups/${group.id}`).set(as('alice')).expect(204);
      expect((await idp('GET', `/api/v1/admin/groups/${group.scaikey_group_id}`)).status).toBe(404);
      await t.http().get(`/api/v1/admin/groups/${group.id}`).set(as('alice')).expect(404);
      const assignments = await t
        .http()
        .get('/api/v1/role-assignments/')
        .query({ principal_type: 'group', principal_id: group.id })
        .set(as('alice'))
        .expect(200);
      expect(assignments.body.total).toBe(0);
      createdGroups.splice(createdGroups.indexOf(group.scaikey_group_id), 1);
    });
  });
});

describe('Users admin when ScaiKey refuses the admin client (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SCAIKEY_ADMIN_CLIENT_SECRET: 'not-the-secret' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should answer 502 naming the admin client, and change nothing', async () => {
    const token = await userToken(t.stack, 'alice@acme.test');
    const email = `nobody-${suffix}@acme.test`;
    const response = await t
      .http()
      .post('/api/v1/admin/users/')
      .set('Authorization', `Bearer ${token}`)
      .send({ email })
      .expect(502);
    expect(response.body.detail).toContain('SCAIKEY_ADMIN_CLIENT_ID');
    const list = await t
      .http()
      .get('/api/v1/admin/users/')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect((list.body.data as AdminUser[]).map((user) => user.email)).toEqual(['alice@acme.test']);
  });
});

describe('ScaiKeyAdminClient against a stub ScaiKey (e2e)', () => {
  let server: Server;
  let base: string;
  let tokensIssued = 0;
  let rejectNextAdminCall = false;

  function client(url = base): ScaiKeyAdminClient {
    const config = {
      scaikey: { url, adminClientId: 'sync', adminClientSecret: 'sync-secret', applicationId: 'app_scaidns' },
    } as unknown as AppConfig;
    const discovery = {
      get: () => Promise.resolve({ token_endpoint: `${base}/token` }),
    } as unknown as OidcDiscoveryService;
    return new ScaiKeyAdminClient(config, discovery);
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      const send = (status: number, body?: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (request.url === '/token') {
        const basic = Buffer.from('sync:sync-secret').toString('base64');
        if (request.headers.authorization !== `Basic ${basic}`) {
          return send(401, { error: 'invalid_client' });
        }
        tokensIssued += 1;
        return send(200, { access_token: `token-${tokensIssued}`, token_type: 'Bearer', expires_in: 3600 });
      }
      if (rejectNextAdminCall) {
        rejectNextAdminCall = false;
        return send(401, { detail: 'Invalid token: revoked' });
      }
      if (!request.headers.authorization?.startsWith('Bearer token-')) {
        return send(401, { detail: 'Not authenticated' });
      }
      switch (request.url ?? '') {
        case '/api/v1/admin/users/usr_ok':
          return send(200, { id: 'usr_ok', email: 'ok@acme.test', seen_with: request.headers.authorization });
        case '/api/v1/admin/users/usr_missing':
          return send(404, { detail: 'User not found' });
        case '/api/v1/admin/users/usr_broken':
          return send(500, { detail: 'Internal Server Error' });
        case '/api/v1/admin/users/usr_forbidden':
          return send(403, { detail: 'Token requires admin:write scope' });
        default:
          return send(404, { detail: 'Not Found' });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should fetch one client_credentials token and reuse it', async () => {
    const admin = client();
    const first = await admin.getUser('usr_ok');
    const second = await admin.getUser('usr_ok');
    expect(first).toEqual(expect.objectContaining({ id: 'usr_ok', seen_with: 'Bearer token-1' }));
    expect(second).toEqual(expect.objectContaining({ seen_with: 'Bearer token-1' }));
    expect(tokensIssued).toBe(1);
  });

  it('should get a fresh token once when ScaiKey refuses the cached one', async () => {
    const admin = client();
    await admin.getUser('usr_ok');
    const before = tokensIssued;
    rejectNextAdminCall = true;
    const user = await admin.getUser('usr_ok');
    expect(tokensIssued).toBe(before + 1);
    expect(user).toEqual(expect.objectContaining({ seen_with: `Bearer token-${before + 1}` }));
  });

  it('should map errors: 4xx kept with the detail, 401/403 and 5xx to 502, unreachable to 503', async () => {
    const admin = client();
    const missing = await admin.getUser('usr_missing').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ScaiKeyAdminError);
    expect(missing).toEqual(expect.objectContaining({ status: 404, detail: 'User not found' }));
    const broken = await admin.getUser('usr_broken').catch((error: unknown) => error);
    expect(broken).toEqual(
      expect.objectContaining({ status: 502, detail: expect.stringContaining('HTTP 500') }),
    );
    const forbidden = await admin.getUser('usr_forbidden').catch((error: unknown) => error);
    expect(forbidden).toEqual(
      expect.objectContaining({ status: 502, detail: expect.stringContaining('admin:write') }),
    );
    const unreachable = await client('http://127.0.0.1:1')
      .getUser('usr_ok')
      .catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(AppException);
    expect(unreachable).toEqual(expect.objectContaining({ status: 503 }));
  });
});
