import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { clientCredentialsToken, userToken } from 'test/utils/oidc-client';
import { pdnsResolver } from 'test/powerdns/dns-query';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { TestStack } from 'test/utils/test-stack';

/**
 * The webhook receiver against real signed deliveries: this file runs its OWN development IdP whose IDP_WEBHOOK_URL
 * points at this test's app (listening on a real port), so every change made through the IdP's admin API reaches
 * ScaiDNS exactly as ScaiKey would send it. Hand-made requests (signed with node:crypto) cover the refusals.
 */

const SECRET = 'scaikey-webhooks-e2e-secret';
const WEBHOOK_PATH = '/api/v1/webhooks/scaikey';
const suffix = randomBytes(3).toString('hex');

interface Delivery {
  event_id: string;
  event_type: string;
  status_code: number | null;
  success: boolean;
  error: string | null;
}

interface DevIdp {
  child: ChildProcess;
  info: Omit<TestStack['idp'], 'state_dir'>;
}

/** A free loopback port (the app listens on it; the IdP needs the webhook URL before the app exists). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts tools/idp/server.mjs like test/setup/global-setup.js does, and waits for its ready line. */
function startDevIdp(env: Record<string, string>): Promise<DevIdp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'tools', 'idp', 'server.mjs')], {
      env: { ...process.env, IDP_PORT: '0', IDP_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error('the development IdP did not start within 20 s')),
      20_000,
    );
    child.once('exit', (code) => reject(new Error(`the development IdP exited with ${code}`)));
    child.stderr.on('data', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(buffer.slice(0, newline)) as DevIdp['info'] });
      }
    });
  });
}

async function stopDevIdp(idp: DevIdp | undefined): Promise<void> {
  if (!idp || idp.child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => idp.child.once('exit', resolve));
  idp.child.kill('SIGTERM');
  await exited;
}

function sign(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

describe('ScaiKey webhooks (e2e)', () => {
  let idp: DevIdp;
  let t: TestApp;
  let stack: TestStack;
  let db: DataSource;
  const latenciesMs: number[] = [];
  const passwords = new Map<string, string>();

  /** The test stack with this file's IdP (and the users created in it) in place of the shared one. */
  const myStack = (): TestStack => ({
    ...stack,
    idp: {
      ...stack.idp,
      users: [
        ...stack.idp.users,
        ...[...passwords].map(([email, password]) => ({
          id: '',
          email,
          password,
          tenant_id: '',
          role: null,
        })),
      ],
    },
  });

  async function idpCall<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const token = await clientCredentialsToken(stack, 'scaidns-sync');
    const response = await fetch(`${idp.info.base_url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async function deliveries(): Promise<Delivery[]> {
    return (await idpCall<{ data: Delivery[] }>('GET', '/api/v1/admin/webhook-deliveries')).body.data;
  }

  /**
   * Makes a change through the IdP's admin API, then waits (≤ 10 s) until ScaiKey's webhooks for it have been
   * delivered and answered 200 — the receiver answers after its transaction committed, so the cache is updated.
   */
  async function idpChange<T = Record<string, unknown>>(
    method: string,
    path: string,
    body: unknown,
    eventTypes: string[],
  ): Promise<{ body: T; events: Record<string, Delivery> }> {
    const known = new Set((await deliveries()).map((delivery) => delivery.event_id));
    const started = Date.now();
    const response = await idpCall<T>(method, path, body);
    expect(response.status).toBeLessThan(300);
    for (;;) {
      const fresh = (await deliveries()).filter((delivery) => !known.has(delivery.event_id));
      const events = Object.fromEntries(fresh.map((delivery) => [delivery.event_type, delivery]));
      if (eventTypes.every((type) => events[type])) {
        latenciesMs.push(Date.now() - started);
        for (const type of eventTypes) {
          expect(events[type]).toMatchObject({ success: true, status_code: 200 });
        }
        return { body: response.body, events };
      }
      if (Date.now() - started > 10_000) {
        throw new Error(
          `webhooks ${eventTypes.join(', ')} not delivered within 10 s: ${JSON.stringify(fresh)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function createIdpUser(name: string, tenantId: string): Promise<{ id: string; email: string }> {
    const email = `${name}-${suffix}@${tenantId === 'tnt_acme' ? 'acme' : 'other'}.test`;
    const password = `${name}-${suffix}-password`;
    passwords.set(email, password);
    const { body } = await idpChange<{ id: string }>(
      'POST',
      '/api/v1/admin/users',
      { email, password, first_name: name, last_name: 'Webhook', tenant_id: tenantId },
      ['user.created', 'application.user_assigned'],
    );
    return { id: body.id, email };
  }

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function permissionsOf(token: string): Promise<string[]> {
    const response = await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    return response.body.data.permissions as string[];
  }

  async function systemRoleId(token: string, name: string): Promise<string> {
    const list = await t.http().get('/api/v1/roles/').set(bearer(token)).expect(200);
    return (list.body.data as { id: string; name: string }[]).find((role) => role.name === name)!.id;
  }

  /** Signs and posts a hand-made event the way ScaiKey does. */
  function post(
    event: object,
    options: { t?: number; secret?: string; signature?: string | null; eventIdHeader?: string } = {},
  ) {
    const body = JSON.stringify(event);
    const ts = options.t ?? Math.floor(Date.now() / 1000);
    const request = t.http().post(WEBHOOK_PATH).set('Content-Type', 'application/json');
    if (options.signature !== null) {
      request.set(
        'X-ScaiKey-Signature',
        options.signature ?? `t=${ts},v1=${sign(options.secret ?? SECRET, ts, body)}`,
      );
    }
    if (options.eventIdHeader) {
      request.set('X-ScaiKey-Event-Id', options.eventIdHeader);
    }
    return request.send(body);
  }

  /** Everything a forged or repeated event could touch. */
  async function snapshot(): Promise<unknown> {
    const [users, groups, tenants, audit, events] = await Promise.all([
      db.query('SELECT scaikey_user_id, email, name, status, tenant_id FROM users ORDER BY scaikey_user_id'),
      db.query('SELECT scaikey_group_id, name FROM `groups` ORDER BY scaikey_group_id'),
      db.query('SELECT scaikey_tenant_id, name, status FROM tenants ORDER BY scaikey_tenant_id'),
      db.query('SELECT COUNT(*) AS n FROM audit_logs'),
      db.query('SELECT event_id, outcome, message FROM scaikey_webhook_events ORDER BY event_id'),
    ]);
    return { users, groups, tenants, audit, events };
  }

  beforeAll(async () => {
    const port = await freePort();
    idp = await startDevIdp({
      IDP_WEBHOOK_URL: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
      IDP_WEBHOOK_SECRET: SECRET,
    });
    t = await createTestApp({ SCAIKEY_URL: idp.info.base_url, SCAIKEY_WEBHOOK_SECRET: SECRET });
    await t.app.listen(port, '127.0.0.1');
    stack = { ...t.stack, idp: { ...idp.info, state_dir: '' } };
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    if (latenciesMs.length > 0) {
      const sorted = [...latenciesMs].sort((a, b) => a - b);
      console.log(
        `webhook end-to-end latency (admin API write → delivered and committed): ${sorted.length} changes, ` +
          `median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms`,
      );
    }
    await t?.close();
    await stopDevIdp(idp);
  });

  it('should update the cached user when ScaiKey changes them, as actor webhook', async () => {
    const { events } = await idpChange(
      'PATCH',
      '/api/v1/admin/users/usr_bob',
      { display_name: `Bob ${suffix}` },
      ['user.updated'],
    );
    const [user] = await db.query(
      'SELECT name, email, status, tenant_id FROM users WHERE scaikey_user_id = ?',
      ['usr_bob'],
    );
    expect(user).toMatchObject({ name: `Bob ${suffix}`, email: 'bob@acme.test', status: 'active' });
    // The event nests its tenant and partner: both are cached with their real names.
    const [tenant] = await db.query(
      'SELECT id, slug, name, status, partner_id FROM tenants WHERE scaikey_tenant_id = ?',
      ['tnt_acme'],
    );
    expect(tenant).toMatchObject({ id: user.tenant_id, slug: 'acme', name: 'Acme', status: 'active' });
    const [partner] = await db.query('SELECT id, name FROM partners WHERE scaikey_partner_id = ?', [
      'prt_demo',
    ]);
    expect(partner).toMatchObject({ id: tenant.partner_id, name: 'Demo Partner' });

    const eventId = events['user.updated'].event_id;
    const audit = await db.query(
      'SELECT actor_type, action, tenant_id FROM audit_logs WHERE actor_id = ? ORDER BY action',
      [eventId],
    );
    expect(audit).toEqual([
      { actor_type: 'webhook', action: 'partner.create', tenant_id: null },
      { actor_type: 'webhook', action: 'tenant.create', tenant_id: tenant.id },
      { actor_type: 'webhook', action: 'user.create', tenant_id: tenant.id },
    ]);
    const [recorded] = await db.query(
      'SELECT event_type, outcome, message FROM scaikey_webhook_events WHERE event_id = ?',
      [eventId],
    );
    expect(recorded).toEqual({
      event_type: 'user.updated',
      outcome: 'processed',
      message: 'Event user.updated processed successfully',
    });

    // A second change of the same user is an update, audited as such.
    const second = await idpChange(
      'PATCH',
      '/api/v1/admin/users/usr_bob',
      { display_name: `Robert ${suffix}` },
      ['user.updated'],
    );
    const [again] = await db.query('SELECT name FROM users WHERE scaikey_user_id = ?', ['usr_bob']);
    expect(again.name).toBe(`Robert ${suffix}`);
    const updates = await db.query('SELECT action, details FROM audit_logs WHERE actor_id = ?', [
      second.events['user.updated'].event_id,
    ]);
    expect(updates).toHaveLength(1);
    expect(updates[0].action).toBe('user.update');
    const details =
      typeof updates[0].details === 'string' ? JSON.parse(updates[0].details) : updates[0].details;
    expect(details).toMatchObject({ before: { name: `Bob ${suffix}` }, after: { name: `Robert ${suffix}` } });

    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /scaidns_webhook_events_total\{event_type="user\.updated",status="processed"\} 2/,
    );
  });

  it("should refuse a suspended user's still-valid token and API key at once, and accept them again once re-activated", async () => {
    const user = await createIdpUser('sam', 'tnt_acme');
    const token = await userToken(myStack(), user.email);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const key = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(bearer(token))
      .send({ name: `wh-${suffix}`, permission_source: 'user' })
      .expect(201);
    const withKey = { 'X-API-Key': key.body.key as string };
    await t.http().get('/api/v1/auth/me').set(withKey).expect(200);

    const { events } = await idpChange('POST', `/api/v1/admin/users/${user.id}/suspend`, undefined, [
      'user.suspended',
    ]);
    const refused = await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(refused.body.detail).toMatch(/deactivated/);
    const refusedKey = await t.http().get('/api/v1/auth/me').set(withKey).expect(401);
    expect(refusedKey.body.detail).toMatch(/deactivated/);
    const [row] = await db.query('SELECT status FROM users WHERE scaikey_user_id = ?', [user.id]);
    expect(row.status).toBe('inactive');
    const audit = await db.query('SELECT actor_type, action FROM audit_logs WHERE actor_id = ?', [
      events['user.suspended'].event_id,
    ]);
    expect(audit).toEqual([{ actor_type: 'webhook', action: 'user.deactivate' }]);

    // A profile change does not re-activate; user.activated does.
    await idpChange('PATCH', `/api/v1/admin/users/${user.id}`, { display_name: `Sam ${suffix}` }, [
      'user.updated',
    ]);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await idpChange('POST', `/api/v1/admin/users/${user.id}/activate`, undefined, ['user.activated']);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await t.http().get('/api/v1/auth/me').set(withKey).expect(200);

    // Deleting the user at ScaiKey (user.deleted + application.user_unassigned) deactivates them again.
    await idpChange('DELETE', `/api/v1/admin/users/${user.id}`, undefined, [
      'user.deleted',
      'application.user_unassigned',
    ]);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await t.http().get('/api/v1/auth/me').set(withKey).expect(401);
  });

  it('should change permissions at once when a group membership is added or removed, and stop group keys and roles when the group is deleted', async () => {
    const alice = await userToken(myStack(), 'alice@acme.test');
    const user = await createIdpUser('gus', 'tnt_acme');
    const token = await userToken(myStack(), user.email);
    expect(await permissionsOf(token)).not.toContain('records:create');

    const group = await idpChange<{ id: string }>(
      'POST',
      '/api/v1/admin/groups',
      { tenant_id: 'tnt_acme', name: `wh-editors-${suffix}` },
      ['group.created'],
    );
    const [cached] = await db.query('SELECT id, name FROM `groups` WHERE scaikey_group_id = ?', [
      group.body.id,
    ]);
    expect(cached.name).toBe(`wh-editors-${suffix}`);
    const assignment = await t
      .http()
      .post('/api/v1/role-assignments/')
      .set(bearer(alice))
      .send({
        role_id: await systemRoleId(alice, 'record_editor'),
        principal_type: 'group',
        principal_id: cached.id,
        scope_type: 'tenant',
      })
      .expect(201);

    await idpChange('POST', `/api/v1/admin/groups/${group.body.id}/members`, { user_id: user.id }, [
      'group.member_added',
    ]);
    expect(await permissionsOf(token)).toContain('records:create');
    await idpChange('DELETE', `/api/v1/admin/groups/${group.body.id}/members/${user.id}`, undefined, [
      'group.member_removed',
    ]);
    expect(await permissionsOf(token)).not.toContain('records:create');
    await idpChange('POST', `/api/v1/admin/groups/${group.body.id}/members`, { user_id: user.id }, [
      'group.member_added',
    ]);
    expect(await permissionsOf(token)).toContain('records:create');

    // A key owned by the group works until ScaiKey deletes the group.
    const key = await t
      .http()
      .post('/api/v1/api-keys/')
      .set(bearer(alice))
      .send({
        name: `wh-group-${suffix}`,
        permission_source: 'group',
        permission_source_id: cached.id,
        scopes: ['records:create'],
      })
      .expect(201);
    const withKey = { 'X-API-Key': key.body.key as string };
    await t.http().get('/api/v1/auth/me').set(withKey).expect(200);

    const { events } = await idpChange('DELETE', `/api/v1/admin/groups/${group.body.id}`, undefined, [
      'group.deleted',
    ]);
    const gone = await t.http().get('/api/v1/auth/me').set(withKey).expect(401);
    expect(gone.body.detail).toMatch(/group/);
    expect(await db.query('SELECT id FROM role_assignments WHERE id = ?', [assignment.body.id])).toEqual([]);
    expect(await db.query('SELECT * FROM group_members WHERE group_id = ?', [cached.id])).toEqual([]);
    expect(await db.query('SELECT id FROM `groups` WHERE id = ?', [cached.id])).toEqual([]);
    expect(await permissionsOf(token)).not.toContain('records:create');
    const [audit] = await db.query('SELECT action, details FROM audit_logs WHERE actor_id = ?', [
      events['group.deleted'].event_id,
    ]);
    expect(audit.action).toBe('group.delete');
    const details = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
    expect(details.removed_assignments).toBe(1);
  });

  it("should follow tenant renames and suspension: the tenant's users are refused, its zones stay served", async () => {
    const admin = await userToken(myStack(), 'admin@scaidns.test');
    const slug = `wh-${suffix}`;
    const created = await idpChange<{ id: string }>(
      'POST',
      '/api/v1/admin/tenants',
      { name: `Webhook ${suffix}`, slug },
      ['tenant.created'],
    );
    const tenantId = created.body.id;
    const [tenant] = await db.query(
      'SELECT id, name, slug, status FROM tenants WHERE scaikey_tenant_id = ?',
      [tenantId],
    );
    expect(tenant).toMatchObject({ name: `Webhook ${suffix}`, slug, status: 'active' });

    const user = await createIdpUser('tess', tenantId);
    const token = await userToken(myStack(), user.email);
    await t.http().get('/api/v1/domains/').set(bearer(token)).expect(200);

    const zone = `${slug}.test`;
    const domain = await t
      .http()
      .post('/api/v1/domains/')
      .set({ ...bearer(admin), 'X-Tenant-ID': slug })
      .send({ name: zone, domain_type: 'primary' })
      .expect(201);
    expect(domain.body.status).toBe('active');
    await t
      .http()
      .post(`/api/v1/domains/${domain.body.id}/records`)
      .set({ ...bearer(admin), 'X-Tenant-ID': slug })
      .send({ name: 'www', type: 'A', content: '192.0.2.77' })
      .expect(201);
    const resolver = pdnsResolver(t.stack.pdns.dnsPort);
    try {
      await idpChange('PATCH', `/api/v1/admin/tenants/${tenantId}`, { name: `Renamed ${suffix}` }, [
        'tenant.updated',
      ]);
      const [renamed] = await db.query('SELECT name, status FROM tenants WHERE id = ?', [tenant.id]);
      expect(renamed).toEqual({ name: `Renamed ${suffix}`, status: 'active' });

      await idpChange('PATCH', `/api/v1/admin/tenants/${tenantId}`, { status: 'SUSPENDED' }, [
        'tenant.updated',
      ]);
      const [suspended] = await db.query('SELECT status FROM tenants WHERE id = ?', [tenant.id]);
      expect(suspended.status).toBe('suspended');
      const refused = await t.http().get('/api/v1/domains/').set(bearer(token)).expect(403);
      expect(refused.body.detail).toMatch(/suspended/);
      expect(await resolver.resolve4(`www.${zone}`)).toEqual(['192.0.2.77']);

      await idpChange('PATCH', `/api/v1/admin/tenants/${tenantId}`, { status: 'ACTIVE' }, ['tenant.updated']);
      await t.http().get('/api/v1/domains/').set(bearer(token)).expect(200);

      // Deleted at ScaiKey → suspended here (zones, keys and audit are kept).
      await idpChange('DELETE', `/api/v1/admin/tenants/${tenantId}`, undefined, ['tenant.deleted']);
      const [deleted] = await db.query('SELECT status FROM tenants WHERE id = ?', [tenant.id]);
      expect(deleted.status).toBe('suspended');
      await t.http().get('/api/v1/domains/').set(bearer(token)).expect(403);
      expect(await resolver.resolve4(`www.${zone}`)).toEqual(['192.0.2.77']);
    } finally {
      await t
        .http()
        .delete(`/api/v1/domains/${domain.body.id}?hard=true`)
        .set({ ...bearer(admin), 'X-Tenant-ID': slug });
    }
  });

  it('should leave the database unchanged for forged, unsigned, replayed and future-dated events (401)', async () => {
    const event = {
      event_id: `evt_forged_${suffix}`,
      event_type: 'user.updated',
      timestamp: new Date().toISOString(),
      data: {
        id: 'usr_dave',
        email: 'dave@globex.test',
        display_name: 'Forged',
        status: 'ACTIVE',
        tenant_id: 'tnt_globex',
      },
      tenant_id: 'tnt_globex',
    };
    const before = await snapshot();
    const now = Math.floor(Date.now() / 1000);
    const forged = await post(event, { secret: 'not-the-secret' }).expect(401);
    expect(forged.body).toEqual({ detail: 'Invalid webhook signature' });
    const unsigned = await post(event, { signature: null }).expect(401);
    expect(unsigned.body.detail).toMatch(/Missing X-ScaiKey-Signature/);
    await post(event, { signature: 'garbage' }).expect(401);
    const replayed = await post(event, { t: now - 301 }).expect(401);
    expect(replayed.body.detail).toMatch(/window/);
    await post(event, { t: now + 301 }).expect(401);
    // The same signature over other bytes.
    const body = JSON.stringify(event);
    await t
      .http()
      .post(WEBHOOK_PATH)
      .set('Content-Type', 'application/json')
      .set('X-ScaiKey-Signature', `t=${now},v1=${sign(SECRET, now, body)}`)
      .send(body.replace('Forged', 'Forgex'))
      .expect(401);
    expect(await snapshot()).toEqual(before);
  });

  it('should process an event id once: a redelivery gets the first answer and changes nothing', async () => {
    // The ScaiDNS documentation's envelope: tenant nested in data, no resource/actor.
    const first = {
      event_id: `evt_dup_${suffix}`,
      event_type: 'user.created',
      timestamp: new Date().toISOString(),
      data: {
        id: `usr_doc_${suffix}`,
        email: `doc-${suffix}@globex.test`,
        first_name: 'Doc',
        last_name: 'Sample',
        status: 'ACTIVE',
        tenant: { id: 'tnt_globex', name: 'Globex', slug: 'globex' },
      },
    };
    const answer = await post(first).expect(200);
    expect(answer.body).toEqual({
      success: true,
      message: 'Event user.created processed successfully',
      event_id: first.event_id,
    });
    const [user] = await db.query(
      'SELECT u.name, u.status, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.scaikey_user_id = ?',
      [first.data.id],
    );
    expect(user).toEqual({ name: 'Doc Sample', status: 'active', slug: 'globex' });

    const before = await snapshot();
    const again = { ...first, data: { ...first.data, first_name: 'Changed' } };
    const duplicate = await post(again).expect(200);
    expect(duplicate.body).toEqual({ ...answer.body, duplicate: true });
    // Same id only in the header (the body has none): still recognised.
    const { event_id: _omitted, ...withoutId } = again;
    const viaHeader = await post(withoutId, { eventIdHeader: first.event_id }).expect(200);
    expect(viaHeader.body.duplicate).toBe(true);
    expect(await snapshot()).toEqual(before);

    // Two deliveries of one new event at the same time: one processes, the other waits and answers as a duplicate.
    const racing = {
      ...first,
      event_id: `evt_race_${suffix}`,
      event_type: 'user.updated',
      data: { ...first.data, first_name: 'Raced' },
    };
    const answers = await Promise.all([post(racing), post(racing)]);
    expect(answers.map((response) => response.status)).toEqual([200, 200]);
    expect(answers.filter((response) => response.body.duplicate === true)).toHaveLength(1);
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM audit_logs WHERE actor_id = ?', [
      racing.event_id,
    ]);
    expect(Number(n)).toBe(1);
  });

  it('should acknowledge unknown events without effect, and answer processing errors with 200 and success false', async () => {
    const before = await snapshot();
    const unknown = await post({
      event_id: `evt_unknown_${suffix}`,
      event_type: 'session.created',
      data: { id: 'ses_1' },
    }).expect(200);
    expect(unknown.body).toEqual({
      success: true,
      message: 'Event session.created ignored',
      event_id: `evt_unknown_${suffix}`,
    });
    const after = (await snapshot()) as { events: unknown[] };
    expect({ ...after, events: [] }).toEqual({ ...(before as object), events: [] });

    // A membership of a group ScaiKey does not know: nothing to add, reported as a failure.
    const failing = {
      event_id: `evt_fail_${suffix}`,
      event_type: 'group.member_added',
      data: { group_id: `grp_missing_${suffix}`, user_id: 'usr_bob', tenant_id: 'tnt_acme' },
      tenant_id: 'tnt_acme',
    };
    const failed = await post(failing).expect(200);
    expect(failed.body).toMatchObject({ success: false, event_id: failing.event_id });
    expect(failed.body.message).toMatch(/^Event group\.member_added could not be processed/);
    expect(
      await db.query('SELECT outcome FROM scaikey_webhook_events WHERE event_id = ?', [failing.event_id]),
    ).toEqual([{ outcome: 'failed' }]);
    expect(await db.query('SELECT id FROM audit_logs WHERE actor_id = ?', [failing.event_id])).toEqual([]);
    // The redelivery repeats the failure instead of trying again.
    const repeated = await post(failing).expect(200);
    expect(repeated.body).toEqual({ ...failed.body, duplicate: true });

    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /scaidns_webhook_events_total\{event_type="session\.created",status="ignored"\} 1/,
    );
    expect(metrics.text).toMatch(
      /scaidns_webhook_events_total\{event_type="group\.member_added",status="failed"\} 1/,
    );
    expect(metrics.text).toMatch(
      /scaidns_webhook_events_total\{event_type="unknown",status="rejected"\} \d+/,
    );
  });

  it('should refuse every event with 503 while no webhook secret is configured, and say so in readiness', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks).not.toHaveProperty('scaikey_webhooks');
    const scaikey = t.config.scaikey;
    scaikey.webhookSecret = null;
    try {
      const before = await snapshot();
      const refused = await post({
        event_id: `evt_nosecret_${suffix}`,
        event_type: 'user.updated',
        data: { id: 'usr_bob' },
      }).expect(503);
      expect(refused.body.detail).toMatch(/not configured/);
      expect(await snapshot()).toEqual(before);
      const note = await t.http().get('/health/ready');
      expect(note.body.checks.scaikey_webhooks).toBe('not configured');
      expect(note.body.status).toBe(ready.body.status);
    } finally {
      scaikey.webhookSecret = SECRET;
    }
  });
});
