import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { pdnsResolver } from 'test/powerdns/dns-query';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';
import { testStack } from 'test/utils/test-stack';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

type Who = 'admin' | 'alice' | 'bob' | 'carol';

interface TemplateSummary {
  id: string;
  name: string;
  template_type: string;
  record_count: number;
  variable_count: number;
}

describe('Templates (e2e)', () => {
  let t: TestApp;
  let upstream: UpstreamDns;
  let scaidnsDns: Resolver;
  const tokens = {} as Record<Who, string>;
  const upstreamZones: string[] = [];
  const systemIds: Record<string, string> = {};

  const headers = (who: Who): Record<string, string> => ({
    Authorization: `Bearer ${tokens[who]}`,
    ...(who === 'admin' ? { 'X-Tenant-ID': 'tnt_acme' } : {}),
  });
  const as = (who: Who) => ({
    get: (path: string) => t.http().get(path).set(headers(who)),
    post: (path: string, body: object = {}) => t.http().post(path).set(headers(who)).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(headers(who)).send(body),
    delete: (path: string) => t.http().delete(path).set(headers(who)),
  });
  const uniqueZone = (label: string) => `tpl-${label}-${randomBytes(4).toString('hex')}.test`;

  /** An active zone of tenant acme at once (the platform admin holds validation:bypass). */
  async function activeZone(label: string): Promise<{ id: string; name: string }> {
    const created = await as('admin')
      .post('/api/v1/domains/', { name: uniqueZone(label), domain_type: 'primary' })
      .expect(201);
    expect(created.body.status).toBe('active');
    return { id: created.body.id, name: created.body.name };
  }

  async function recordsOf(
    domainId: string,
  ): Promise<{ id: string; display_name: string; type: string; content: string }[]> {
    const response = await as('alice').get(`/api/v1/domains/${domainId}/records`).expect(200);
    return response.body.data;
  }

  async function auditActions(
    resourceId: string,
  ): Promise<{ action: string; details: Record<string, unknown> }[]> {
    const rows = await t.app
      .get(DataSource)
      .query<{ action: string; details: string | Record<string, unknown> }[]>(
        'SELECT action, details FROM audit_logs WHERE resource_id = ? ORDER BY timestamp',
        [resourceId],
      );
    return rows.map((row) => ({
      action: row.action,
      details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
    }));
  }

  beforeAll(async () => {
    t = await createTestApp(upstreamResolverEnv(testStack()));
    upstream = new UpstreamDns(t.stack);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    for (const [who, email] of [
      ['admin', 'admin@scaidns.test'],
      ['alice', 'alice@acme.test'],
      ['bob', 'bob@acme.test'],
      ['carol', 'carol@globex.test'],
    ] as const) {
      tokens[who] = await userToken(t.stack, email);
    }
    const system = await as('bob').get('/api/v1/templates/?template_type=system').expect(200);
    for (const template of system.body.data as TemplateSummary[]) {
      systemIds[template.name] = template.id;
    }
  });

  afterAll(async () => {
    for (const zone of upstreamZones) {
      await upstream.deleteZone(zone);
    }
    await t.close();
  });

  it('should seed the system templates, visible to every tenant and read-only', async () => {
    expect(Object.keys(systemIds)).toEqual(
      expect.arrayContaining([
        'Google Workspace mail',
        'Microsoft 365 mail',
        'Basic web',
        'SPF/DMARC baseline',
      ]),
    );
    const list = await as('carol').get('/api/v1/templates?template_type=system').expect(200);
    expect(list.body).toMatchObject({ page: 1, page_size: 50, total: Object.keys(systemIds).length });
    for (const summary of list.body.data as TemplateSummary[]) {
      expect(summary).toMatchObject({ template_type: 'system', id: expect.any(String) });
      expect(summary.record_count).toBeGreaterThan(0);
    }
    const google = await as('bob').get(`/api/v1/templates/${systemIds['Google Workspace mail']}`).expect(200);
    expect(google.body).toMatchObject({ tenant_id: null, template_type: 'system' });
    expect(
      google.body.records.filter((record: { type: string }) => record.type === 'MX').length,
    ).toBeGreaterThanOrEqual(1);
    expect(google.body.records).toContainEqual(
      expect.objectContaining({ type: 'TXT', content: expect.stringContaining('v=spf1') }),
    );

    const patch = await as('alice')
      .patch(`/api/v1/templates/${systemIds['Basic web']}`, { description: 'mine now' })
      .expect(403);
    expect(patch.body.detail).toContain('read-only');
    await as('alice').delete(`/api/v1/templates/${systemIds['Basic web']}`).expect(403);
    const after = await as('alice').get(`/api/v1/templates/${systemIds['Basic web']}`).expect(200);
    expect(after.body.description).not.toBe('mine now');
  });

  it('should describe the built-in variables and what a template needs', async () => {
    const builtins = await as('bob').get('/api/v1/templates/variables').expect(200);
    expect(builtins.body.data.map((variable: { placeholder: string }) => variable.placeholder)).toEqual([
      '${domain}',
      '${zone}',
      '${tenant}',
      '${date}',
    ]);
    for (const variable of builtins.body.data as { description: string }[]) {
      expect(variable.description.length).toBeGreaterThan(5);
    }
    const needs = await as('bob')
      .get(`/api/v1/templates/${systemIds['Basic web']}/required-variables`)
      .expect(200);
    expect(needs.body.required_variables.map((variable: { name: string }) => variable.name)).toEqual(['ip']);
    expect(needs.body.optional_variables.map((variable: { name: string }) => variable.name)).toEqual([
      'ipv6',
    ]);
    expect(needs.body.builtin_variables).toEqual(['domain']);
    const dmarc = await as('bob')
      .get(`/api/v1/templates/${systemIds['SPF/DMARC baseline']}/required-variables`)
      .expect(200);
    expect(dmarc.body.required_variables).toContainEqual(
      expect.objectContaining({ name: 'dmarc_email', default: 'dmarc-reports@${domain}' }),
    );
  });

  it('should create, read, update and delete a custom template within its tenant only', async () => {
    const name = `Office ${randomBytes(3).toString('hex')}`;
    const created = await as('alice')
      .post('/api/v1/templates/', {
        name,
        description: 'Web and mail for branch offices',
        records: [
          { name: 'www', type: 'A', content: '${ip}', ttl: 300 },
          { name: '@', type: 'TXT', content: 'office=${tenant}' },
        ],
        variables: [{ name: 'ip', description: 'Office web server' }],
      })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      name,
      template_type: 'custom',
      record_count: 2,
      variable_count: 1,
      tenant_id: expect.any(String),
      records: [
        { name: 'www', type: 'A', content: '${ip}', ttl: 300 },
        { name: '@', type: 'TXT', content: 'office=${tenant}', ttl: null },
      ],
      variables: [{ name: 'ip', description: 'Office web server', required: true, default: null }],
    });

    // Same tenant: bob (read_only) reads it but cannot create; another tenant neither sees nor touches it.
    await as('bob').get(`/api/v1/templates/${id}`).expect(200);
    await as('bob')
      .post('/api/v1/templates/', {
        name: 'bob template',
        records: [{ name: '@', type: 'TXT', content: 'x' }],
      })
      .expect(403);
    const acmeList = await as('alice').get('/api/v1/templates/?template_type=custom').expect(200);
    expect(acmeList.body.data.map((template: TemplateSummary) => template.id)).toContain(id);
    await as('carol').get(`/api/v1/templates/${id}`).expect(404);
    await as('carol').get(`/api/v1/templates/${id}/required-variables`).expect(404);
    await as('carol').patch(`/api/v1/templates/${id}`, { description: 'hijacked' }).expect(404);
    await as('carol').delete(`/api/v1/templates/${id}`).expect(404);
    const globexList = await as('carol').get('/api/v1/templates/?page_size=100').expect(200);
    expect(globexList.body.data.map((template: TemplateSummary) => template.id)).not.toContain(id);

    // Names are unique per tenant (and cannot shadow a system template); another tenant may reuse one.
    await as('alice')
      .post('/api/v1/templates/', { name, records: [{ name: '@', type: 'TXT', content: 'x' }] })
      .expect(409);
    await as('alice')
      .post('/api/v1/templates/', { name: 'Basic web', records: [{ name: '@', type: 'TXT', content: 'x' }] })
      .expect(409);
    const globexSame = await as('carol')
      .post('/api/v1/templates/', { name, records: [{ name: '@', type: 'TXT', content: 'globex' }] })
      .expect(201);
    expect(globexSame.body.id).not.toBe(id);

    const patched = await as('alice')
      .patch(`/api/v1/templates/${id}`, {
        name: `${name} v2`,
        records: [{ name: 'www', type: 'A', content: '${ip}' }],
        variables: [{ name: 'ip', required: false, default: '192.0.2.80' }],
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      name: `${name} v2`,
      description: 'Web and mail for branch offices',
      record_count: 1,
      variables: [{ name: 'ip', required: false, default: '192.0.2.80', description: null }],
    });
    expect((await as('alice').get(`/api/v1/templates/${id}`).expect(200)).body.name).toBe(`${name} v2`);

    await as('alice').delete(`/api/v1/templates/${id}`).expect(204);
    await as('alice').get(`/api/v1/templates/${id}`).expect(404);
    expect((await auditActions(id)).map((entry) => entry.action)).toEqual([
      'template.create',
      'template.update',
      'template.delete',
    ]);
  });

  it('should refuse unknown placeholders and malformed template bodies', async () => {
    const unknown = await as('alice')
      .post('/api/v1/templates/', {
        name: 'Broken',
        records: [{ name: 'www', type: 'CNAME', content: '${target}.' }],
        variables: [{ name: 'other' }],
      })
      .expect(400);
    expect(unknown.body.detail.message).toContain('${target}');
    const fixedInvalid = await as('alice')
      .post('/api/v1/templates/', {
        name: 'Broken MX',
        records: [{ name: '@', type: 'MX', content: 'mail.example.net.' }],
      })
      .expect(400);
    expect(fixedInvalid.body.detail.message).toContain('@ MX');
    const builtin = await as('alice')
      .post('/api/v1/templates/', {
        name: 'Shadow',
        records: [{ name: '@', type: 'TXT', content: '${domain}' }],
        variables: [{ name: 'domain' }],
      })
      .expect(400);
    expect(builtin.body.detail.message).toContain('built-in');
    await as('alice')
      .post('/api/v1/templates/', { name: 'Bad type', records: [{ name: '@', type: 'BOGUS', content: 'x' }] })
      .expect(422);
    const extra = await as('alice')
      .post('/api/v1/templates/', {
        name: 'Extra',
        records: [{ name: '@', type: 'TXT', content: 'x' }],
        colour: 'blue',
      })
      .expect(422);
    expect(extra.body.detail).toContainEqual(
      expect.objectContaining({ loc: ['body', 'colour'], type: 'value_error.extra' }),
    );
    const mixed = await as('alice')
      .post('/api/v1/templates/', {
        template_id: systemIds['Basic web'],
        domain_id: systemIds['Basic web'],
        records: [],
      })
      .expect(422);
    expect(mixed.body.detail).toContainEqual(expect.objectContaining({ loc: ['body', 'records'] }));

    const good = await as('alice')
      .post('/api/v1/templates/', {
        name: `Patchable ${randomBytes(3).toString('hex')}`,
        records: [{ name: '@', type: 'TXT', content: 'ok' }],
      })
      .expect(201);
    const badPatch = await as('alice')
      .patch(`/api/v1/templates/${good.body.id}`, {
        records: [{ name: '@', type: 'TXT', content: '${nope}' }],
      })
      .expect(400);
    expect(badPatch.body.detail.message).toContain('${nope}');
    expect(
      (await as('alice').get(`/api/v1/templates/${good.body.id}`).expect(200)).body.records[0].content,
    ).toBe('ok');
  });

  it('should preview what a template would create and skip, without writing anything', async () => {
    const zone = await activeZone('preview');
    await as('alice')
      .post(`/api/v1/domains/${zone.id}/records`, { name: '@', type: 'A', content: '192.0.2.7' })
      .expect(201);
    const preview = await as('bob')
      .post(`/api/v1/templates/${systemIds['Basic web']}/preview/${zone.id}`, {
        variables: { ip: '192.0.2.7' },
      })
      .expect(200);
    expect(preview.body).toMatchObject({
      domain_id: zone.id,
      domain_name: zone.name,
      total_to_create: 1,
      total_skipped: 2,
    });
    expect(preview.body.records_to_create).toEqual([
      {
        index: 2,
        name: `www.${zone.name}`,
        display_name: 'www',
        type: 'CNAME',
        content: `${zone.name}.`,
        ttl: 3600,
      },
    ]);
    expect(
      preview.body.skipped_records.map((skip: { index: number; reason: string }) => [
        skip.index,
        skip.reason,
      ]),
    ).toEqual([
      [0, 'already_exists'],
      [1, 'variable_not_set'],
    ]);
    expect(await recordsOf(zone.id)).toHaveLength(1);
    await as('bob').post(`/api/v1/templates/${systemIds['Basic web']}/preview/${zone.id}`, {}).expect(400);
    await as('carol')
      .post(`/api/v1/templates/${systemIds['Basic web']}/preview/${zone.id}`, {
        variables: { ip: '192.0.2.7' },
      })
      .expect(404);
  });

  it('should apply a template to an active zone, serve its records at once, and skip everything the second time', async () => {
    const zone = await activeZone('apply');
    const path = `/api/v1/templates/${systemIds['Basic web']}/apply/${zone.id}`;
    const first = await as('alice')
      .post(path, { variables: { ip: '192.0.2.44', ipv6: '2001:db8::44' } })
      .expect(200);
    expect(first.body).toMatchObject({ total_created: 3, total_skipped: 0, skipped_records: [] });
    expect(
      first.body.created_records.map(
        (record: { display_name: string; type: string; content: string }) =>
          `${record.display_name} ${record.type} ${record.content}`,
      ),
    ).toEqual(['@ A 192.0.2.44', '@ AAAA 2001:db8::44', `www CNAME ${zone.name}.`]);
    expect(await scaidnsDns.resolve4(zone.name)).toEqual(['192.0.2.44']);
    expect(await scaidnsDns.resolve6(zone.name)).toEqual(['2001:db8::44']);
    expect(await scaidnsDns.resolveCname(`www.${zone.name}`)).toEqual([zone.name]);

    const second = await as('alice')
      .post(path, { variables: { ip: '192.0.2.44', ipv6: '2001:db8::44' } })
      .expect(200);
    expect(second.body).toMatchObject({ total_created: 0, total_skipped: 3, created_records: [] });
    expect(second.body.skipped_records.map((skip: { reason: string }) => skip.reason)).toEqual([
      'already_exists',
      'already_exists',
      'already_exists',
    ]);
    expect(await recordsOf(zone.id)).toHaveLength(3);

    const applies = (await auditActions(systemIds['Basic web'])).filter(
      (entry) => entry.action === 'template.apply' && entry.details.domain_id === zone.id,
    );
    expect(applies).toHaveLength(2);
    expect(applies[0].details).toMatchObject({
      outcome: 'applied',
      variables: { ip: '192.0.2.44', ipv6: '2001:db8::44' },
    });
  });

  it('should skip a record that conflicts with an existing CNAME and report why', async () => {
    const zone = await activeZone('conflict');
    const cname = await as('alice')
      .post(`/api/v1/domains/${zone.id}/records`, {
        name: 'www',
        type: 'CNAME',
        content: 'elsewhere.example.net.',
      })
      .expect(201);
    const template = await as('alice')
      .post('/api/v1/templates/', {
        name: `Conflicting ${randomBytes(3).toString('hex')}`,
        records: [
          { name: 'www', type: 'A', content: '${ip}' },
          { name: '@', type: 'TXT', content: 'site=${domain}' },
        ],
        variables: [{ name: 'ip', required: true }],
      })
      .expect(201);
    const applied = await as('alice')
      .post(`/api/v1/templates/${template.body.id}/apply/${zone.id}`, { variables: { ip: '192.0.2.55' } })
      .expect(200);
    expect(applied.body).toMatchObject({ total_created: 1, total_skipped: 1 });
    expect(applied.body.created_records[0]).toMatchObject({
      display_name: '@',
      type: 'TXT',
      content: `"site=${zone.name}"`,
    });
    expect(applied.body.skipped_records).toEqual([
      expect.objectContaining({
        index: 0,
        name: 'www',
        type: 'A',
        content: '192.0.2.55',
        reason: 'conflict',
        conflicts: [cname.body.id],
        message: expect.stringContaining('CNAME'),
      }),
    ]);
    expect(await scaidnsDns.resolveTxt(zone.name)).toEqual([[`site=${zone.name}`]]);
    expect(await scaidnsDns.resolveCname(`www.${zone.name}`)).toEqual(['elsewhere.example.net']);
  });

  it('should refuse a missing required variable or a record invalid after substitution, writing nothing', async () => {
    const zone = await activeZone('invalid');
    const path = `/api/v1/templates/${systemIds['Basic web']}/apply/${zone.id}`;
    const missing = await as('alice').post(path, {}).expect(400);
    expect(missing.body.detail).toMatchObject({ missing: ['ip'], message: expect.stringContaining('ip') });
    const invalid = await as('alice')
      .post(path, { variables: { ip: 'not-an-ip' } })
      .expect(400);
    expect(invalid.body.detail.message).toContain('record 1 (@ A)');
    await as('alice')
      .post(path, { variables: { ip: 42 } })
      .expect(422);
    expect(await recordsOf(zone.id)).toHaveLength(0);
  });

  it('should apply through the overloaded POST /templates/ with template_id and domain_id', async () => {
    const zone = await activeZone('overload');
    const body = {
      template_id: systemIds['SPF/DMARC baseline'],
      domain_id: zone.id,
      variables: { dmarc_policy: 'reject' },
    };
    await as('bob').post('/api/v1/templates/', body).expect(403);
    await as('carol').post('/api/v1/templates/', body).expect(404);
    const applied = await as('alice').post('/api/v1/templates/', body).expect(200);
    expect(applied.body).toMatchObject({ total_created: 2, total_skipped: 0 });
    expect(
      applied.body.created_records.map((record: { display_name: string; content: string }) => [
        record.display_name,
        record.content,
      ]),
    ).toEqual([
      ['@', '"v=spf1 mx -all"'],
      ['_dmarc', `"v=DMARC1; p=reject; rua=mailto:dmarc-reports@${zone.name}"`],
    ]);
    expect(await scaidnsDns.resolveTxt(`_dmarc.${zone.name}`)).toEqual([
      [`v=DMARC1; p=reject; rua=mailto:dmarc-reports@${zone.name}`],
    ]);
    await as('alice')
      .post('/api/v1/templates/', { ...body, template_id: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
  });

  it('should apply the template chosen at creation once the pending zone is validated', async () => {
    const zone = uniqueZone('pending');
    upstreamZones.push(zone);
    await upstream.createZone(zone);
    const template = await as('alice')
      .post('/api/v1/templates/', {
        name: `Launch ${randomBytes(3).toString('hex')}`,
        records: [
          { name: '@', type: 'A', content: '${ip}' },
          { name: 'www', type: 'CNAME', content: '${zone}' },
          { name: '@', type: 'TXT', content: 'owner=${tenant}' },
        ],
        variables: [{ name: 'ip' }],
      })
      .expect(201);
    const created = await as('alice')
      .post('/api/v1/domains/', {
        name: zone,
        domain_type: 'primary',
        template_id: template.body.id,
        template_variables: { ip: '192.0.2.66' },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'pending_validation',
      pending_template_id: template.body.id,
    });
    const id = created.body.id as string;
    expect(await recordsOf(id)).toHaveLength(0);

    const challenge = await as('alice').get(`/api/v1/domains/${id}/validation`).expect(200);
    await upstream.setTxt(zone, `_scaidns-verify.${zone}`, [challenge.body.dns_record.value as string]);
    const check = await as('alice').post(`/api/v1/domains/${id}/validation/check`).expect(200);
    expect(check.body).toMatchObject({ is_valid: true });

    const active = await as('alice').get(`/api/v1/domains/${id}`).expect(200);
    expect(active.body).toMatchObject({ status: 'active', pending_template_id: null, record_count: 3 });
    const records = await recordsOf(id);
    // ${tenant} is the slug ScaiDNS keeps for the tenant.
    const [{ slug }] = await t.app
      .get(DataSource)
      .query<{ slug: string }[]>("SELECT slug FROM tenants WHERE scaikey_tenant_id = 'tnt_acme'");
    expect(records.map((record) => `${record.display_name} ${record.type} ${record.content}`).sort()).toEqual(
      ['@ A 192.0.2.66', `@ TXT "owner=${slug}"`, `www CNAME ${zone}.`].sort(),
    );
    expect(await scaidnsDns.resolve4(zone)).toEqual(['192.0.2.66']);
    expect(await scaidnsDns.resolveCname(`www.${zone}`)).toEqual([zone]);
    const applied = (await auditActions(template.body.id)).filter(
      (entry) => entry.action === 'template.apply',
    );
    expect(applied).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ domain_id: id, on_activation: true, outcome: 'applied' }),
      }),
    ]);
  });

  it('should store (not serve) records when applying to a pending zone', async () => {
    const zone = uniqueZone('stored');
    const created = await as('alice')
      .post('/api/v1/domains/', { name: zone, domain_type: 'primary' })
      .expect(201);
    expect(created.body.status).toBe('pending_validation');
    const applied = await as('alice')
      .post(`/api/v1/templates/${systemIds['Basic web']}/apply/${created.body.id}`, {
        variables: { ip: '192.0.2.77' },
      })
      .expect(200);
    expect(applied.body.total_created).toBe(2);
    expect(await recordsOf(created.body.id)).toHaveLength(2);
    await expect(scaidnsDns.resolve4(zone)).rejects.toMatchObject({
      code: expect.stringMatching(/EREFUSED|ENOTFOUND|ESERVFAIL/),
    });
  });
});
