import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RouteInfo, listRoutes, routesTable } from 'src/auth/route-catalogue';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';

/**
 * Generated from the app's own route table: every route declares an access rule, the rule matches
 * docs/permissions.md, the guard enforces it (401 without credentials, 403 without the permission), and a principal
 * of another tenant never reaches tenant A's resources (404 or 403, and none of A's data in the body).
 * A new route without a rule, or with a path parameter this file cannot fill, fails here.
 */
describe('Route access rules (e2e)', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens: Record<string, string> = {};
  const acme: Record<string, string> = {};
  const ZERO = '00000000-0000-4000-8000-000000000000';

  const bearer = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  /** How to fill each path parameter with one of tenant acme's real resources. */
  const FIXTURES: Record<string, () => string> = {
    domain_id: () => acme.domainId,
    record_id: () => acme.recordId,
    id: () => acme.apiKeyId,
    role_id: () => acme.roleId,
    assignment_id: () => acme.assignmentId,
    user_id: () => acme.bobId,
    group_id: () => acme.groupId,
    grant_id: () => acme.grantId,
    log_id: () => acme.logId,
    template_id: () => acme.templateId,
    ip: () => '192.0.2.1',
    key: () => 'validation.challenge_ttl',
    job_id: () => ZERO,
    partner_id: () => 'prt_demo',
    tenant_id: () => 'tnt_acme',
  };

  /** Well-formed bodies, so that the request gets past validation and reaches the tenant check. */
  const BODIES: Record<string, () => object> = {
    'POST /api/v1/admin/groups/:group_id/members': () => ({ user_id: acme.bobId }),
    'POST /api/v1/admin/users/:user_id/password': () => ({ password: 'An0ther-Str0ng-Passw0rd' }),
    'POST /api/v1/domains/:domain_id/access-grants': () => ({
      grant_type: 'user',
      grantee_id: acme.bobId,
      role: 'read_only',
    }),
    'POST /api/v1/domains/:domain_id/import/preview': () => ({
      format: 'bind',
      mode: 'merge',
      content: 'x 300 IN A 192.0.2.9\n',
    }),
    'POST /api/v1/domains/:domain_id/import/text': () => ({
      format: 'bind',
      mode: 'merge',
      content: 'x 300 IN A 192.0.2.9\n',
    }),
    'POST /api/v1/domains/:domain_id/records': () => ({ name: 'x', type: 'A', content: '192.0.2.9' }),
    'POST /api/v1/domains/:domain_id/records/bulk': () => ({
      records: [{ name: 'x', type: 'A', content: '192.0.2.9' }],
    }),
    'POST /api/v1/domains/:domain_id/records/bulk-delete': () => ({ record_ids: [acme.recordId] }),
    'POST /api/v1/domains/:domain_id/records/search': () => ({ query: 'www' }),
    'POST /api/v1/reverse-zones/:domain_id/ptr': () => ({ ip: '192.0.2.9', hostname: 'h.example.com.' }),
    'POST /api/v1/reverse-zones/:domain_id/ptr/bulk': () => ({
      records: [{ ip: '192.0.2.9', hostname: 'h.example.com.' }],
    }),
  };
  /** Multipart routes: the body is a file. */
  const UPLOADS = new Set(['POST /api/v1/domains/:domain_id/import/file']);

  function fill(route: RouteInfo, values: (name: string) => string): string {
    return route.path.replace(/:([a-z_]+)/g, (_match, name: string) => encodeURIComponent(values(name)));
  }

  function send(route: RouteInfo, path: string, headers: Record<string, string>, body: object = {}) {
    const agent = t.http();
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const request = agent[method](path).set(headers);
    if (UPLOADS.has(`${route.method} ${route.path}`)) {
      return request.attach('file', Buffer.from('x 300 IN A 192.0.2.9\n'), 'import.zone');
    }
    return ['post', 'put', 'patch'].includes(method) ? request.send(body) : request;
  }

  beforeAll(async () => {
    t = await createTestApp({ DEFAULT_USER_ROLE: 'none' });
    routes = listRoutes(t.app);
    for (const email of [
      'admin@scaidns.test',
      'alice@acme.test',
      'bob@acme.test',
      'carol@globex.test',
      'dave@globex.test',
    ]) {
      tokens[email.split('@')[0]] = await userToken(t.stack, email);
    }
    // Tenant acme's resources, created through the API.
    const asAdminInAcme = { ...bearer('admin'), 'X-Tenant-ID': 'tnt_acme' };
    const zone = await t
      .http()
      .post('/api/v1/domains/')
      .set(asAdminInAcme)
      .send({ name: `routes-${randomBytes(4).toString('hex')}.test`, domain_type: 'primary' })
      .expect(201);
    acme.domainId = zone.body.id;
    acme.domainName = zone.body.name;
    const record = await t
      .http()
      .post(`/api/v1/domains/${acme.domainId}/records`)
      .set(asAdminInAcme)
      .send({ name: 'www', type: 'A', content: '192.0.2.1' })
      .expect(201);
    acme.recordId = record.body.id;
    const key = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(bearer('alice'))
      .send({ name: 'routes-test', permission_source: 'user' })
      .expect(201);
    acme.apiKeyId = key.body.id;
    const role = await t
      .http()
      .post('/api/v1/roles/')
      .set(bearer('alice'))
      .send({ name: `routes-${randomBytes(3).toString('hex')}`, permissions: ['domains:read'] })
      .expect(201);
    acme.roleId = role.body.id;
    await t.http().get('/api/v1/me/').set(bearer('bob')).expect(200);
    const users = await t
      .http()
      .get('/api/v1/admin/users/')
      .query({ search: 'bob@acme.test' })
      .set(bearer('alice'))
      .expect(200);
    acme.bobId = users.body.data[0].id;
    const assignment = await t
      .http()
      .post('/api/v1/role-assignments/')
      .set(bearer('alice'))
      .send({ role_id: acme.roleId, principal_type: 'user', principal_id: acme.bobId, scope_type: 'tenant' })
      .expect(201);
    acme.assignmentId = assignment.body.id;
    const group = await t
      .http()
      .post('/api/v1/admin/groups/')
      .set(bearer('alice'))
      .send({ name: `routes-${randomBytes(3).toString('hex')}` })
      .expect(201);
    acme.groupId = group.body.id;
    const grant = await t
      .http()
      .post(`/api/v1/domains/${acme.domainId}/access-grants`)
      .set(asAdminInAcme)
      .send({ grant_type: 'user', grantee_id: acme.bobId, role: 'read_only' })
      .expect(201);
    acme.grantId = grant.body.id;
    const template = await t
      .http()
      .post('/api/v1/templates/')
      .set(bearer('alice'))
      .send({
        name: `routes-${randomBytes(3).toString('hex')}`,
        records: [{ name: '@', type: 'TXT', content: 'routes' }],
        variables: [],
      })
      .expect(201);
    acme.templateId = template.body.id;
    const logs = await t
      .http()
      .get('/api/v1/admin/audit-logs/')
      .query({ page_size: 1 })
      .set(bearer('alice'))
      .expect(200);
    acme.logId = logs.body.data[0].id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('should declare @Public or @Authenticated on every route', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(
      routes.filter((route) => route.access === 'undeclared').map((route) => `${route.method} ${route.path}`),
    ).toEqual([]);
  });

  it('should list every route with its permission in docs/permissions.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'permissions.md'), 'utf8');
    expect(doc).toContain(routesTable(routes));
  });

  it('should have a fixture for every path parameter', () => {
    const names = new Set(
      routes.flatMap((route) => [...route.path.matchAll(/:([a-z_]+)/g)].map((match) => match[1])),
    );
    expect([...names].filter((name) => !FIXTURES[name])).toEqual([]);
  });

  it('should refuse every non-public route without credentials (401)', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => candidate.access !== 'public')) {
      const response = await send(
        route,
        fill(route, () => ZERO),
        {},
      );
      if (response.status !== 401 || typeof response.body.detail !== 'string') {
        wrong.push(`${route.method} ${route.path} -> ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('should refuse every permission-guarded route to a caller holding no permission (403)', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter(
      (candidate) => !['public', 'authenticated'].includes(candidate.access),
    )) {
      const response = await send(
        route,
        fill(route, () => ZERO),
        bearer('dave'),
      );
      if (response.status !== 403) {
        wrong.push(`${route.method} ${route.path} (${route.access}) -> ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("should never hand tenant acme's resources to tenant globex's admin (404 or 403, no data)", async () => {
    const secrets = () => Object.values(acme);
    const wrong: string[] = [];
    for (const route of routes.filter(
      (candidate) => candidate.access !== 'public' && candidate.path.includes(':'),
    )) {
      const body = BODIES[`${route.method} ${route.path}`]?.() ?? {};
      const response = await send(
        route,
        fill(route, (name) => FIXTURES[name]()),
        bearer('carol'),
        body,
      );
      const leaked = secrets().filter((value) => JSON.stringify(response.body ?? '').includes(value));
      if (![403, 404].includes(response.status) || leaked.length > 0) {
        wrong.push(
          `${route.method} ${route.path} -> ${response.status}${leaked.length ? ` leaked ${leaked.join(',')}` : ''}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    // The resources are still there for their own tenant (the requests above changed nothing).
    await t
      .http()
      .get(`/api/v1/domains/${acme.domainId}/records/${acme.recordId}`)
      .set(bearer('alice'))
      .expect(200);
    await t.http().get(`/api/v1/api-keys/${acme.apiKeyId}`).set(bearer('alice')).expect(200);
  });
});
