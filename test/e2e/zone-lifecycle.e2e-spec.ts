import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';
import { testStack } from 'test/utils/test-stack';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

describe('Zone lifecycle against two real PowerDNS servers (e2e)', () => {
  let t: TestApp;
  let upstream: UpstreamDns;
  let scaidnsDns: Resolver;
  let token: string;
  const zone = `life-${randomBytes(4).toString('hex')}.test`;
  const nameservers = ['ns1.scaidns-e2e.test.', 'ns2.scaidns-e2e.test.'];

  const api = () => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      t.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => t.http().delete(path).set('Authorization', `Bearer ${token}`),
  });

  beforeAll(async () => {
    t = await createTestApp({
      ...upstreamResolverEnv(testStack()),
      PLATFORM_NAMESERVERS: nameservers.join(','),
    });
    upstream = new UpstreamDns(t.stack);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    token = await userToken(t.stack, 'alice@acme.test');
    await upstream.createZone(zone);
  });

  afterAll(async () => {
    await upstream.deleteZone(zone);
    await t.close();
  });

  it('should take a zone from creation through validation, records, soft delete, restore and hard delete', async () => {
    // Create: pending, with a challenge; nothing in ScaiDNS's PowerDNS yet.
    const created = await api()
      .post('/api/v1/domains/', { name: `${zone.toUpperCase()}.`, domain_type: 'primary' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: zone,
      status: 'pending_validation',
      domain_type: 'primary',
      dnssec_enabled: false,
    });
    const id = created.body.id as string;
    await api().post('/api/v1/domains/', { name: zone, domain_type: 'primary' }).expect(409);

    const challenge = await api().get(`/api/v1/domains/${id}/validation`).expect(200);
    expect(challenge.body).toMatchObject({ validation_type: 'txt_record', status: 'pending' });
    expect(challenge.body.dns_record).toEqual({
      name: `_scaidns-verify.${zone}`,
      type: 'TXT',
      value: `scaidns-verify=${challenge.body.challenge_value}`,
    });

    // Records can be added while pending; they are stored, not served.
    const pendingRecord = await api()
      .post(`/api/v1/domains/${id}/records`, { name: 'www', type: 'A', content: '192.0.2.10' })
      .expect(201);
    expect(pendingRecord.body).toMatchObject({
      name: `www.${zone}`,
      display_name: 'www',
      type: 'A',
      content: '192.0.2.10',
      ttl: 3600,
    });
    expect(await dnsOutcome(scaidnsDns.resolve4(`www.${zone}`))).toBe('EREFUSED');

    // The check fails until the TXT record is published at the current provider.
    const failed = await api().post(`/api/v1/domains/${id}/validation/check`).expect(200);
    expect(failed.body).toMatchObject({
      is_valid: false,
      message: `No DNS record found for _scaidns-verify.${zone}`,
    });
    await upstream.setTxt(zone, `_scaidns-verify.${zone}`, ['scaidns-verify=not-the-token']);
    const mismatch = await api().post(`/api/v1/domains/${id}/validation/check`).expect(200);
    expect(mismatch.body.message).toContain("TXT record found but value doesn't match");

    await upstream.setTxt(zone, `_scaidns-verify.${zone}`, [challenge.body.dns_record.value as string]);
    const passed = await api().post(`/api/v1/domains/${id}/validation/check`).expect(200);
    expect(passed.body).toMatchObject({ is_valid: true, message: 'Domain validated' });
    const active = await api().get(`/api/v1/domains/${id}`).expect(200);
    expect(active.body).toMatchObject({ status: 'active', served: true, record_count: 1, nameservers });

    // Served by ScaiDNS's PowerDNS: SOA, platform NS, and the record added while pending.
    const soa = await scaidnsDns.resolveSoa(zone);
    expect(soa).toMatchObject({ nsname: 'ns1.scaidns-e2e.test', hostmaster: `hostmaster.${zone}` });
    expect((await scaidnsDns.resolveNs(zone)).sort()).toEqual(nameservers.map((ns) => ns.replace(/\.$/, '')));
    expect(await scaidnsDns.resolve4(`www.${zone}`)).toEqual(['192.0.2.10']);

    // The apex NS is served with the zone's default TTL, so changing it reaches PowerDNS.
    await api().patch(`/api/v1/domains/${id}`, { default_ttl: 900 }).expect(200);
    const served = (await (
      await fetch(`${t.stack.pdns.apiUrl}/api/v1/servers/localhost/zones/${zone}.`, {
        headers: { 'X-API-Key': t.stack.pdns.apiKey },
      })
    ).json()) as { rrsets: { name: string; type: string; ttl: number }[] };
    expect(served.rrsets.find((rrset) => rrset.type === 'NS' && rrset.name === `${zone}.`)?.ttl).toBe(900);

    // Record changes show up in DNS answers.
    const mail = await api()
      .post(`/api/v1/domains/${id}/records`, { name: '@', type: 'MX', content: '10 mail.example.net' })
      .expect(201);
    expect(mail.body.content).toBe('10 mail.example.net.');
    expect(await scaidnsDns.resolveMx(zone)).toEqual([{ priority: 10, exchange: 'mail.example.net' }]);
    await api()
      .patch(`/api/v1/domains/${id}/records/${pendingRecord.body.id}`, { content: '192.0.2.20', ttl: 300 })
      .expect(200);
    expect(await scaidnsDns.resolve4(`www.${zone}`)).toEqual(['192.0.2.20']);
    const second = await api()
      .post(`/api/v1/domains/${id}/records`, { name: `www.${zone}.`, type: 'A', content: '192.0.2.21' })
      .expect(201);
    expect((await scaidnsDns.resolve4(`www.${zone}`)).sort()).toEqual(['192.0.2.20', '192.0.2.21']);
    await api().delete(`/api/v1/domains/${id}/records/${second.body.id}`).expect(204);
    expect(await scaidnsDns.resolve4(`www.${zone}`)).toEqual(['192.0.2.20']);

    // CNAME exclusivity: 409 naming the records in the way, and nothing changes.
    const conflict = await api()
      .post(`/api/v1/domains/${id}/records`, {
        name: 'www',
        type: 'CNAME',
        content: 'elsewhere.example.net.',
      })
      .expect(409);
    expect(conflict.body.detail).toMatchObject({ conflicts: [pendingRecord.body.id] });
    expect(conflict.body.detail.message).toContain('CNAME');
    await api()
      .post(`/api/v1/domains/${id}/records`, { name: '@', type: 'CNAME', content: 'x.example.net.' })
      .expect(400);
    await api()
      .post(`/api/v1/domains/${id}/records`, { name: 'bad', type: 'A', content: '999.1.1.1' })
      .expect(400);

    // Soft delete: no longer served, hidden, records kept. Restore: served again.
    await api().delete(`/api/v1/domains/${id}`).expect(204);
    expect(await dnsOutcome(scaidnsDns.resolve4(`www.${zone}`))).toBe('EREFUSED');
    await api().get(`/api/v1/domains/${id}`).expect(404);
    const listed = await api().get('/api/v1/domains/?include_deleted=true').expect(200);
    expect(listed.body.data.map((domain: { id: string }) => domain.id)).toContain(id);
    const restored = await api().post(`/api/v1/domains/${id}/restore`).expect(200);
    expect(restored.body).toMatchObject({ status: 'active', record_count: 2 });
    expect(await scaidnsDns.resolve4(`www.${zone}`)).toEqual(['192.0.2.20']);

    // Hard delete: gone from PowerDNS and from ScaiDNS.
    await api().delete(`/api/v1/domains/${id}?hard=true`).expect(204);
    const pdnsZone = await fetch(`${t.stack.pdns.apiUrl}/api/v1/servers/localhost/zones/${zone}.`, {
      headers: { 'X-API-Key': t.stack.pdns.apiKey },
    });
    expect(pdnsZone.status).toBe(404);
    await api().get(`/api/v1/domains/${id}?include_deleted=true`).expect(404);

    // Every step is in the audit trail.
    const actions: { action: string }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT action FROM audit_logs WHERE resource_id = ? OR JSON_VALUE(details, "$.domain_id") = ? ORDER BY timestamp',
        [id, id],
      );
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'domain.create',
        'domain.validation.start',
        'domain.validation.failure',
        'domain.validation.success',
        'record.create',
        'record.update',
        'record.delete',
        'domain.delete',
        'domain.restore',
      ]),
    );
  });
});
