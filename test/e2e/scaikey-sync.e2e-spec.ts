import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { JobsRunner } from 'src/jobs/jobs-runner.service';
import { SyncReport, changeCount } from 'src/scaikey-sync/scaikey-sync-report';
import { ScaiKeySyncService } from 'src/scaikey-sync/scaikey-sync.service';
import { WorkerModule } from 'src/worker.module';
import { clientCredentialsToken, userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { TestStack } from 'test/utils/test-stack';

/**
 * The full sync against this file's OWN development IdP, started without a webhook URL: every change made through
 * the IdP's admin API reaches ScaiDNS only through the sync. After each run the cache must equal what the IdP's
 * admin API shows, and a second run must find nothing to do.
 */

const suffix = randomBytes(3).toString('hex');
const root = join(__dirname, '..', '..');

interface DevIdp {
  child: ChildProcess;
  info: Omit<TestStack['idp'], 'state_dir'>;
}

/** Starts tools/idp/server.mjs like test/setup/global-setup.js does, and waits for its ready line. */
function startDevIdp(): Promise<DevIdp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'tools', 'idp', 'server.mjs')], {
      env: { ...process.env, IDP_PORT: '0', IDP_HOST: '127.0.0.1', IDP_WEBHOOK_URL: '' },
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

/** The counters of a report, without timing and the dry-run flag, for comparing two runs. */
function counters(report: SyncReport): Record<string, unknown> {
  const { duration_seconds: _duration, dry_run: _dryRun, changes: _changes, ...rest } = report;
  return rest;
}

const ZERO = {
  users_added: 0,
  users_updated: 0,
  users_deactivated: 0,
  groups_added: 0,
  groups_updated: 0,
  groups_deleted: 0,
  memberships_added: 0,
  memberships_removed: 0,
  tenants_added: 0,
  tenants_updated: 0,
  tenants_suspended: 0,
  partners_added: 0,
  partners_updated: 0,
  partners_deleted: 0,
};

describe('ScaiKey sync (e2e)', () => {
  let idp: DevIdp;
  let t: TestApp;
  let stack: TestStack;
  let db: DataSource;
  let sync: ScaiKeySyncService;
  const ghosts = {
    tenant: `tnt_ghost_${suffix}`,
    user: `usr_ghost_${suffix}`,
    group: `grp_ghost_${suffix}`,
    partner: `prt_ghost_${suffix}`,
  };

  async function idpCall<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await clientCredentialsToken(stack, 'scaidns-sync');
    const response = await fetch(`${idp.info.base_url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  async function idpAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await idpCall<{ data: T[]; total: number }>(
        'GET',
        `${path}${separator}page=${page}&per_page=100`,
      );
      items.push(...answer.data);
      if (answer.data.length === 0 || items.length >= answer.total) {
        return items;
      }
    }
  }

  const sorted = <T>(items: T[]) =>
    [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  /** What the cache should hold, read from the IdP's admin API and mapped as documented. */
  async function idpState() {
    const partners = await idpAll<Record<string, string>>('/api/v1/admin/partners');
    const tenants = await idpAll<Record<string, string>>('/api/v1/admin/tenants');
    const live = tenants.filter((tenant) => tenant.status !== 'DELETED');
    const users: object[] = [];
    const groups: object[] = [];
    const memberships: string[] = [];
    for (const tenant of live) {
      for (const user of await idpAll<Record<string, string>>(`/api/v1/admin/users?tenant_id=${tenant.id}`)) {
        users.push({
          id: user.id,
          tenant: tenant.id,
          email: user.email.toLowerCase(),
          name: user.display_name || `${user.first_name} ${user.last_name}`.trim() || null,
          status: user.status === 'ACTIVE' ? 'active' : 'inactive',
        });
      }
      for (const group of await idpAll<Record<string, string>>(
        `/api/v1/admin/groups?tenant_id=${tenant.id}`,
      )) {
        groups.push({
          id: group.id,
          tenant: tenant.id,
          name: group.name,
          description: group.description || null,
        });
        for (const member of await idpAll<{ user_id: string }>(`/api/v1/admin/groups/${group.id}/members`)) {
          memberships.push(`${group.id}/${member.user_id}`);
        }
      }
    }
    return {
      partners: sorted(
        partners.map((p) => ({ id: p.id, name: p.name, slug: p.slug, status: p.status.toLowerCase() })),
      ),
      tenants: sorted(
        tenants.map((x) => ({
          id: x.id,
          name: x.name,
          slug: x.slug,
          status: x.status === 'ACTIVE' ? 'active' : 'suspended',
          partner: x.partner_id,
        })),
      ),
      users: sorted(users),
      groups: sorted(groups),
      memberships: memberships.sort(),
    };
  }

  /** The cache, in the same shape; the ghost rows (never at ScaiKey) are left out and checked separately. */
  async function cacheState() {
    const partners = await db.query<{ id: string }[]>(
      'SELECT scaikey_partner_id AS id, name, slug, status FROM partners',
    );
    const tenants = await db.query<{ id: string }[]>(
      'SELECT t.scaikey_tenant_id AS id, t.name, t.slug, t.status, p.scaikey_partner_id AS partner FROM tenants t LEFT JOIN partners p ON p.id = t.partner_id',
    );
    const users = await db.query<{ id: string }[]>(
      "SELECT u.scaikey_user_id AS id, t.scaikey_tenant_id AS tenant, u.email, u.name, u.status FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.principal_kind = 'person'",
    );
    const groups = await db.query<{ id: string }[]>(
      'SELECT g.scaikey_group_id AS id, t.scaikey_tenant_id AS tenant, g.name, g.description FROM `groups` g JOIN tenants t ON t.id = g.tenant_id',
    );
    const memberships = await db.query<{ m: string }[]>(
      'SELECT CONCAT(g.scaikey_group_id, "/", u.scaikey_user_id) AS m FROM group_members gm JOIN `groups` g ON g.id = gm.group_id JOIN users u ON u.id = gm.user_id',
    );
    const real = (row: { id: string }) => !Object.values(ghosts).includes(row.id);
    return {
      partners: sorted(partners.filter(real)),
      tenants: sorted(tenants.filter(real)),
      users: sorted(users.filter(real)),
      groups: sorted(groups.filter(real)),
      memberships: memberships.map((row) => row.m).sort(),
    };
  }

  async function localId(
    table: 'tenants' | 'users' | 'groups' | 'partners',
    column: string,
    scaikeyId: string,
  ): Promise<string> {
    const rows = await db.query<{ id: string }[]>(`SELECT id FROM \`${table}\` WHERE ${column} = ?`, [
      scaikeyId,
    ]);
    return rows[0]?.id;
  }

  async function auditCount(): Promise<number> {
    const [{ n }] = await db.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM audit_logs');
    return Number(n);
  }

  beforeAll(async () => {
    idp = await startDevIdp();
    t = await createTestApp({ SCAIKEY_URL: idp.info.base_url });
    stack = { ...t.stack, idp: { ...idp.info, state_dir: '' } };
    db = t.app.get(DataSource);
    sync = t.app.get(ScaiKeySyncService);
  });

  afterAll(async () => {
    await t?.close();
    await stopDevIdp(idp);
  });

  it('should mirror ScaiKey into an empty cache through the effective-users fast path, then find nothing to change', async () => {
    const first = await sync.run();
    console.log(
      `sync of the demo data into an empty cache: ${first.duration_seconds} s (${changeCount(first)} changes)`,
    );
    expect(counters(first)).toEqual({
      ...ZERO,
      skipped_reason: null,
      tenant: null,
      users_method: 'effective_users',
      users_seen: 5,
      users_added: 5,
      groups_seen: 2,
      groups_added: 2,
      memberships_seen: 2,
      memberships_added: 2,
      tenants_seen: 2,
      tenants_added: 2,
      partners_seen: 1,
      partners_added: 1,
    });
    expect(await cacheState()).toEqual(await idpState());
    // Admin flags follow ScaiKey's role, as they do for tokens.
    expect(
      await db.query(
        "SELECT scaikey_user_id, is_platform_admin, is_tenant_admin FROM users WHERE scaikey_user_id IN ('usr_admin', 'usr_alice', 'usr_bob') ORDER BY 1",
      ),
    ).toEqual([
      { scaikey_user_id: 'usr_admin', is_platform_admin: 1, is_tenant_admin: 0 },
      { scaikey_user_id: 'usr_alice', is_platform_admin: 0, is_tenant_admin: 1 },
      { scaikey_user_id: 'usr_bob', is_platform_admin: 0, is_tenant_admin: 0 },
    ]);
    const audit = await db.query<{ n: string }[]>(
      'SELECT actor_type, actor_id, COUNT(*) AS n FROM audit_logs GROUP BY actor_type, actor_id',
    );
    expect(audit.map((row) => ({ ...row, n: Number(row.n) }))).toEqual([
      { actor_type: 'system', actor_id: 'scaikey-sync', n: changeCount(first) },
    ]);

    const second = await sync.run();
    expect(counters(second)).toMatchObject({ ...ZERO, users_seen: 5, groups_seen: 2, memberships_seen: 2 });
    expect(changeCount(second)).toBe(0);
    expect(await auditCount()).toBe(changeCount(first));
  });

  it('should apply what changed in ScaiKey (dry run first, which changes nothing), soft-deleting what is gone', async () => {
    // Rows ScaiKey never had (or no longer has): the sync must take them away.
    const acme = await localId('tenants', 'scaikey_tenant_id', 'tnt_acme');
    await db.query(
      "INSERT INTO partners (id, scaikey_partner_id, name, status) VALUES (?, ?, 'Ghost partner', 'active')",
      [randomUUID(), ghosts.partner],
    );
    await db.query(
      "INSERT INTO tenants (id, scaikey_tenant_id, name, slug, status) VALUES (?, ?, 'Ghost', ?, 'active')",
      [randomUUID(), ghosts.tenant, `ghost-${suffix}`],
    );
    await db.query(
      "INSERT INTO users (id, scaikey_user_id, tenant_id, email, name, status) VALUES (?, ?, ?, ?, 'Ghost', 'active')",
      [randomUUID(), ghosts.user, acme, `ghost-${suffix}@acme.test`],
    );
    const ghostGroup = randomUUID();
    await db.query(
      "INSERT INTO `groups` (id, scaikey_group_id, tenant_id, name) VALUES (?, ?, ?, 'Ghost group')",
      [ghostGroup, ghosts.group, acme],
    );
    // A ScaiDNS role assignment on the group ScaiKey is about to delete.
    const globexOps = await localId('groups', 'scaikey_group_id', 'grp_globex_ops');
    const globex = await localId('tenants', 'scaikey_tenant_id', 'tnt_globex');
    const [role] = await db.query<{ id: string }[]>(
      "SELECT id FROM roles WHERE name = 'read_only' AND tenant_key = 'system'",
    );
    const assignment = randomUUID();
    await db.query(
      "INSERT INTO role_assignments (id, role_id, principal_type, principal_id, scope_type, scope_id, scope_key, tenant_id) VALUES (?, ?, 'group', ?, 'tenant', ?, ?, ?)",
      [assignment, role.id, globexOps, globex, globex, globex],
    );

    // Changes at ScaiKey.
    await idpCall('PATCH', '/api/v1/admin/users/usr_bob', { display_name: `Bob ${suffix}` });
    await idpCall('POST', '/api/v1/admin/users/usr_dave/suspend');
    const nina = await idpCall<{ id: string }>('POST', '/api/v1/admin/users', {
      email: `nina-${suffix}@acme.test`,
      first_name: 'Nina',
      last_name: 'Sync',
      tenant_id: 'tnt_acme',
    });
    await idpCall('POST', '/api/v1/admin/groups/grp_acme_dns_ops/members', { user_id: nina.id });
    await idpCall('DELETE', '/api/v1/admin/groups/grp_acme_dns_ops/members/usr_bob');
    const group = await idpCall<{ id: string }>('POST', '/api/v1/admin/groups', {
      tenant_id: 'tnt_globex',
      name: `sync-new-${suffix}`,
    });
    await idpCall('POST', `/api/v1/admin/groups/${group.id}/members`, { user_id: 'usr_carol' });
    await idpCall('DELETE', '/api/v1/admin/groups/grp_globex_ops');
    await idpCall('PATCH', '/api/v1/admin/tenants/tnt_globex', { name: `Globex ${suffix}` });
    await idpCall('POST', '/api/v1/admin/tenants', { name: `Sync ${suffix}`, slug: `sync-${suffix}` });
    await idpCall('POST', '/api/v1/admin/partners', { name: `Partner ${suffix}` });
    const expected = {
      ...ZERO,
      users_added: 1,
      users_updated: 1,
      users_deactivated: 2,
      groups_added: 1,
      groups_deleted: 2,
      memberships_added: 2,
      memberships_removed: 1,
      tenants_added: 1,
      tenants_updated: 1,
      tenants_suspended: 1,
      partners_added: 1,
      partners_deleted: 1,
    };

    const before = {
      cache: await cacheState(),
      audit: await auditCount(),
      all: await db.query('SELECT scaikey_user_id, status FROM users ORDER BY 1'),
    };
    const dry = await sync.run({ dryRun: true });
    expect(dry).toMatchObject({ ...expected, dry_run: true, users_method: 'effective_users' });
    expect(dry.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'user',
          action: 'update',
          scaikey_id: 'usr_bob',
          fields: { name: { before: 'Bob Brown', after: `Bob ${suffix}` } },
        }),
        expect.objectContaining({ entity: 'user', action: 'deactivate', scaikey_id: 'usr_dave' }),
        expect.objectContaining({ entity: 'user', action: 'deactivate', scaikey_id: ghosts.user }),
        expect.objectContaining({ entity: 'group', action: 'delete', scaikey_id: 'grp_globex_ops' }),
        expect.objectContaining({
          entity: 'membership',
          action: 'add',
          scaikey_id: `grp_acme_dns_ops/${nina.id}`,
        }),
        expect.objectContaining({
          entity: 'membership',
          action: 'remove',
          scaikey_id: 'grp_acme_dns_ops/usr_bob',
        }),
        expect.objectContaining({ entity: 'tenant', action: 'suspend', scaikey_id: ghosts.tenant }),
        expect.objectContaining({ entity: 'partner', action: 'delete', scaikey_id: ghosts.partner }),
      ]),
    );
    expect(dry.changes).toHaveLength(changeCount(dry));
    expect({
      cache: await cacheState(),
      audit: await auditCount(),
      all: await db.query('SELECT scaikey_user_id, status FROM users ORDER BY 1'),
    }).toEqual(before);
    expect(await db.query('SELECT id FROM role_assignments WHERE id = ?', [assignment])).toHaveLength(1);

    const applied = await sync.run();
    expect(counters(applied)).toEqual(counters({ ...dry, changes: undefined }));
    expect(await cacheState()).toEqual(await idpState());
    expect(await db.query('SELECT status FROM users WHERE scaikey_user_id = ?', [ghosts.user])).toEqual([
      { status: 'inactive' },
    ]);
    expect(await db.query('SELECT status FROM tenants WHERE scaikey_tenant_id = ?', [ghosts.tenant])).toEqual(
      [{ status: 'suspended' }],
    );
    expect(
      await db.query('SELECT status FROM partners WHERE scaikey_partner_id = ?', [ghosts.partner]),
    ).toEqual([{ status: 'deleted' }]);
    expect(await db.query('SELECT id FROM `groups` WHERE id IN (?, ?)', [ghostGroup, globexOps])).toEqual([]);
    expect(await db.query('SELECT id FROM role_assignments WHERE id = ?', [assignment])).toEqual([]);
    expect(await db.query('SELECT user_id FROM group_members WHERE group_id = ?', [globexOps])).toEqual([]);
    expect(await auditCount()).toBe(before.audit + changeCount(applied));
    const [deactivation] = await db.query<object[]>(
      "SELECT a.actor_type, a.actor_id, a.tenant_id FROM audit_logs a WHERE a.action = 'user.deactivate' AND a.resource_id = (SELECT id FROM users WHERE scaikey_user_id = 'usr_dave')",
    );
    expect(deactivation).toEqual({ actor_type: 'system', actor_id: 'scaikey-sync', tenant_id: globex });

    const again = await sync.run();
    expect(changeCount(again)).toBe(0);
  });

  it('should limit a run to one tenant with --tenant (slug, ScaiKey id or ScaiDNS id)', async () => {
    await idpCall('PATCH', '/api/v1/admin/users/usr_alice', { display_name: `Alice ${suffix}` });
    await idpCall('PATCH', '/api/v1/admin/users/usr_carol', { display_name: `Carol ${suffix}` });
    const acmeOnly = await sync.run({ tenant: 'acme' });
    expect(acmeOnly).toMatchObject({
      ...ZERO,
      tenant: 'acme',
      users_updated: 1,
      tenants_seen: 1,
      partners_seen: 1,
      users_seen: 4,
    });
    const names = async () =>
      db.query(
        "SELECT scaikey_user_id, name FROM users WHERE scaikey_user_id IN ('usr_alice', 'usr_carol') ORDER BY 1",
      );
    expect(await names()).toEqual([
      { scaikey_user_id: 'usr_alice', name: `Alice ${suffix}` },
      { scaikey_user_id: 'usr_carol', name: 'Carol Clark' },
    ]);
    // A scoped run never suspends the tenants (or partners) it did not look at.
    expect(await db.query('SELECT status FROM tenants WHERE scaikey_tenant_id = ?', ['tnt_globex'])).toEqual([
      { status: 'active' },
    ]);

    const globexLocal = await localId('tenants', 'scaikey_tenant_id', 'tnt_globex');
    const globexOnly = await sync.run({ tenant: globexLocal });
    expect(globexOnly).toMatchObject({ ...ZERO, users_updated: 1, tenants_seen: 1 });
    expect(await names()).toEqual([
      { scaikey_user_id: 'usr_alice', name: `Alice ${suffix}` },
      { scaikey_user_id: 'usr_carol', name: `Carol ${suffix}` },
    ]);
    expect(changeCount(await sync.run({ tenant: 'tnt_acme' }))).toBe(0);
    await expect(sync.run({ tenant: `nope-${suffix}` })).rejects.toMatchObject({ status: 404 });
  });

  it('should fall back to the member walk when ScaiKey refuses the effective users (unknown application id → 404), with the same result', async () => {
    // The dev IdP grants admin:read to its one sync client for every endpoint, so a client without the
    // effective-users permission cannot be expressed; an application id ScaiKey does not know makes the fast path
    // fail the same way (refused), which is what triggers the fallback.
    const other = await createTestApp({
      SCAIKEY_URL: idp.info.base_url,
      SCAIKEY_APPLICATION_ID: `app_unknown_${suffix}`,
    });
    try {
      const report = await other.app.get(ScaiKeySyncService).run();
      expect(report.users_method).toBe('member_walk');
      const expected = await cacheState();
      const otherDb = other.app.get(DataSource);
      const users = await otherDb.query(
        "SELECT u.scaikey_user_id AS id, t.scaikey_tenant_id AS tenant, u.email, u.name, u.status FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.principal_kind = 'person'",
      );
      expect(sorted(users)).toEqual(expected.users.filter((user) => user.id !== ghosts.user));
      const memberships = await otherDb.query<{ m: string }[]>(
        'SELECT CONCAT(g.scaikey_group_id, "/", u.scaikey_user_id) AS m FROM group_members gm JOIN `groups` g ON g.id = gm.group_id JOIN users u ON u.id = gm.user_id',
      );
      expect(memberships.map((row) => row.m).sort()).toEqual(expected.memberships);
      expect(changeCount(await other.app.get(ScaiKeySyncService).run())).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('should run the same sync from the real CLI: `scaidns sync --json` prints one JSON report', async () => {
    await idpCall('PATCH', '/api/v1/admin/groups/grp_acme_dns_ops', { description: `CLI ${suffix}` });
    const { database, redis } = t.config;
    const env = {
      ...process.env,
      ENVIRONMENT: 'development',
      LOG_LEVEL: 'error',
      DATABASE_URL: `mysql://${encodeURIComponent(database.username)}:${encodeURIComponent(database.password)}@${database.host}:${database.port}/${database.database}`,
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      PDNS_API_URL: t.config.pdns.apiUrl,
      PDNS_API_KEY: t.config.pdns.apiKey,
      SCAIKEY_URL: idp.info.base_url,
    };
    const started = Date.now();
    const { stdout } = await promisify(execFile)(
      'npx',
      ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'src/cli.ts', 'sync', '--json'],
      { cwd: root, env, timeout: 90_000 },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as SyncReport;
    expect(report).toMatchObject({
      ...ZERO,
      groups_updated: 1,
      users_method: 'effective_users',
      dry_run: false,
      skipped_reason: null,
    });
    expect(report.duration_seconds).toBeGreaterThanOrEqual(0);
    console.log(
      `scaidns sync --json through ts-node: ${Date.now() - started} ms in total, sync ${report.duration_seconds} s`,
    );
    expect(
      await db.query("SELECT description FROM `groups` WHERE scaikey_group_id = 'grp_acme_dns_ops'"),
    ).toEqual([{ description: `CLI ${suffix}` }]);
  }, 120_000);

  it('should run as a scheduled worker job and on demand through POST /api/v1/admin/sync (202 + job id)', async () => {
    await idpCall('PATCH', '/api/v1/admin/users/usr_bob', { display_name: `Scheduled ${suffix}` });
    const config: AppConfig = { ...t.config, scaikey: { ...t.config.scaikey, syncIntervalSeconds: 3600 } };
    const worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot('stderr')] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    await worker.init();
    try {
      // The worker process's own start (src/worker.ts): boot check, schedules, one BullMQ worker per queue.
      const started = await worker.get(JobsRunner).start();
      expect(started.queues).toContain('sync');
      expect(started.schedules).toContainEqual({
        queue: 'sync',
        id: 'scaikey-sync.scheduled',
        name: 'scaikey-sync.scheduled',
        everyMs: 3_600_000,
      });

      // BullMQ runs an `every` schedule at once: the change reaches the cache without anyone asking.
      const deadline = Date.now() + 15_000;
      while (
        (await db.query("SELECT name FROM users WHERE scaikey_user_id = 'usr_bob'"))[0].name !==
        `Scheduled ${suffix}`
      ) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      await idpCall('PATCH', '/api/v1/admin/users/usr_bob', { display_name: `On demand ${suffix}` });
      const admin = await userToken(stack, 'admin@scaidns.test');
      const alice = await userToken(stack, 'alice@acme.test');
      await t.http().post('/api/v1/admin/sync').set('Authorization', `Bearer ${alice}`).send({}).expect(403);
      const accepted = await t
        .http()
        .post('/api/v1/admin/sync')
        .set('Authorization', `Bearer ${admin}`)
        .send({ tenant: 'acme' })
        .expect(202);
      expect(accepted.body).toEqual({ job_id: expect.any(String), status: 'queued' });
      let status: Record<string, unknown> = {};
      for (let tries = 0; tries < 150; tries++) {
        status = (
          await t
            .http()
            .get(`/api/v1/admin/sync/${accepted.body.job_id}`)
            .set('Authorization', `Bearer ${admin}`)
            .expect(200)
        ).body;
        if (status.status === 'completed' || status.status === 'failed') {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toMatchObject({
        job_id: accepted.body.job_id,
        status: 'completed',
        trigger: 'manual',
        tenant: 'acme',
        dry_run: false,
        error: null,
        report: { ...ZERO, users_updated: 1, tenant: 'acme', users_method: 'effective_users' },
      });
      expect(await db.query("SELECT name FROM users WHERE scaikey_user_id = 'usr_bob'")).toEqual([
        { name: `On demand ${suffix}` },
      ]);
      const [trigger] = await db.query<object[]>(
        "SELECT actor_type, resource_id FROM audit_logs WHERE action = 'sync.trigger'",
      );
      expect(trigger).toEqual({ actor_type: 'user', resource_id: accepted.body.job_id });
      await t.http().get('/api/v1/admin/sync/999999').set('Authorization', `Bearer ${admin}`).expect(404);
      await t
        .http()
        .post('/api/v1/admin/sync')
        .set('Authorization', `Bearer ${admin}`)
        .send({ everything: true })
        .expect(422);
    } finally {
      await worker.close();
    }
  });
});
