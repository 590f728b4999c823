import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';
import { testStack } from 'test/utils/test-stack';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

// The project-level testTimeout of jest.config.js is not applied by Jest 30 (global option only).
jest.setTimeout(60_000);

const CHALLENGE_TTL_SECONDS = 600;
const PLATFORM_NAMESERVERS = ['ns1.scaidns-e2e.test.', 'ns2.scaidns-e2e.test.'];

type Who = 'alice' | 'carol' | 'admin';

describe('Domain validation API (e2e, two real PowerDNS servers)', () => {
  let t: TestApp;
  let upstream: UpstreamDns;
  let scaidnsDns: Resolver;
  const tokens = {} as Record<Who, string>;
  const suffix = randomBytes(4).toString('hex');
  /** Zones at the upstream ("the customer's current DNS provider"). */
  const zones = {
    txt: `val-txt-${suffix}.test`,
    cancel: `val-cancel-${suffix}.test`,
    expired: `val-exp-${suffix}.test`,
    ns: `val-ns-${suffix}.test`,
  };
  /** Zones only ScaiDNS knows (created active by the platform admin). */
  const held = { name: `val-held-${suffix}.test`, childOf: `val-parent-${suffix}.test` };
  const createdIds: string[] = [];

  const as = (who: Who) => {
    const auth = (request: ReturnType<ReturnType<TestApp['http']>['get']>) => {
      request.set('Authorization', `Bearer ${tokens[who]}`);
      return who === 'admin' ? request.set('X-Tenant-ID', 'tnt_acme') : request;
    };
    return {
      get: (path: string) => auth(t.http().get(path)),
      post: (path: string, body: object = {}) => auth(t.http().post(path)).send(body),
      delete: (path: string) => auth(t.http().delete(path)),
    };
  };
  const validationOf = (id: string) => `/api/v1/domains/${id}/validation`;
  /** GET …/validation: the open challenge, or null (today Nest sends `null` as an empty body; API.md says `null`). */
  const openChallenge = async (id: string): Promise<unknown> => {
    const response = await as('alice').get(validationOf(id)).expect(200);
    return response.text === '' ? null : response.body;
  };

  const createZone = async (
    who: Who,
    name: string,
  ): Promise<{ id: string; status: string; tenant_id: string }> => {
    const response = await as(who).post('/api/v1/domains/', { name, domain_type: 'primary' }).expect(201);
    createdIds.push(response.body.id as string);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp({
      ...upstreamResolverEnv(testStack()),
      PLATFORM_NAMESERVERS: PLATFORM_NAMESERVERS.join(','),
      VALIDATION_CHALLENGE_TTL: String(CHALLENGE_TTL_SECONDS),
    });
    upstream = new UpstreamDns(t.stack);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    tokens.alice = await userToken(t.stack, 'alice@acme.test');
    tokens.carol = await userToken(t.stack, 'carol@globex.test');
    tokens.admin = await userToken(t.stack, 'admin@scaidns.test');
    await Promise.all(Object.values(zones).map((zone) => upstream.createZone(zone)));
  });

  afterAll(async () => {
    if (t) {
      for (const id of createdIds) {
        await as('alice').delete(`/api/v1/domains/${id}?hard=true`);
      }
      await Promise.all(Object.values(zones).map((zone) => upstream.deleteZone(zone)));
      await t.close();
    }
  });

  it('should show the open TXT challenge of a pending zone', async () => {
    const zone = await createZone('alice', zones.txt);
    expect(zone.status).toBe('pending_validation');
    const response = await as('alice').get(validationOf(zone.id)).expect(200);
    const challenge = response.body;
    expect(challenge).toMatchObject({
      validation_type: 'txt_record',
      status: 'pending',
      nameservers: PLATFORM_NAMESERVERS,
    });
    expect(challenge.challenge_value).toMatch(/^[0-9a-f]{32,}$/);
    expect(challenge.dns_record).toEqual({
      name: `_scaidns-verify.${zones.txt}`,
      type: 'TXT',
      value: `scaidns-verify=${challenge.challenge_value}`,
    });
    const lifetime = (Date.parse(challenge.expires_at) - Date.parse(challenge.created_at)) / 1000;
    expect(Math.abs(lifetime - CHALLENGE_TTL_SECONDS)).toBeLessThan(2);
  });

  it('should supersede the open challenge: the old token is no longer accepted, the new one is', async () => {
    const id = createdIds[0];
    const old = (await as('alice').get(validationOf(id)).expect(200)).body;
    const renewed = (await as('alice').post(validationOf(id), {}).expect(200)).body;
    expect(renewed).toMatchObject({ validation_type: 'txt_record', status: 'pending' });
    expect(renewed.id).not.toBe(old.id);
    expect(renewed.challenge_value).not.toBe(old.challenge_value);
    expect((await as('alice').get(validationOf(id)).expect(200)).body.id).toBe(renewed.id);

    await upstream.setTxt(zones.txt, `_scaidns-verify.${zones.txt}`, [old.dns_record.value as string]);
    const stale = await as('alice')
      .post(`${validationOf(id)}/check`)
      .expect(200);
    expect(stale.body).toEqual({
      is_valid: false,
      message: `TXT record found but value doesn't match. Expected: ${renewed.dns_record.value}`,
      validation_id: renewed.id,
    });
    expect((await as('alice').get(`/api/v1/domains/${id}`).expect(200)).body.status).toBe(
      'pending_validation',
    );

    await upstream.setTxt(zones.txt, `_scaidns-verify.${zones.txt}`, [renewed.dns_record.value as string]);
    const passed = await as('alice')
      .post(`${validationOf(id)}/check`)
      .expect(200);
    expect(passed.body).toEqual({ is_valid: true, message: 'Domain validated', validation_id: renewed.id });
    expect(await scaidnsDns.resolveSoa(zones.txt)).toMatchObject({ nsname: 'ns1.scaidns-e2e.test' });
  });

  it('should answer 409 on the validation routes of an active zone', async () => {
    const id = createdIds[0];
    expect((await as('alice').get(`/api/v1/domains/${id}`).expect(200)).body.status).toBe('active');
    const start = await as('alice').post(validationOf(id), {}).expect(409);
    expect(start.body.detail).toBe(
      'This domain is active; only a domain pending validation can be validated',
    );
    const check = await as('alice')
      .post(`${validationOf(id)}/check`)
      .expect(409);
    expect(check.body.detail).toBe(
      'This domain is active; only a domain pending validation can be validated',
    );
    await as('alice').delete(validationOf(id)).expect(409);
  });

  it('should cancel the open challenge; checking afterwards is a 409 until a new one starts', async () => {
    const zone = await createZone('alice', zones.cancel);
    const challenge = (await as('alice').get(validationOf(zone.id)).expect(200)).body;
    await upstream.setTxt(zones.cancel, `_scaidns-verify.${zones.cancel}`, [
      challenge.dns_record.value as string,
    ]);

    await as('alice').delete(validationOf(zone.id)).expect(204);
    expect(await openChallenge(zone.id)).toBeNull();
    const check = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(409);
    expect(check.body.detail).toBe('This domain has no open validation; start one');
    const again = await as('alice').delete(validationOf(zone.id)).expect(409);
    expect(again.body.detail).toBe('This domain has no open validation');
    expect((await as('alice').get(`/api/v1/domains/${zone.id}`).expect(200)).body.status).toBe(
      'pending_validation',
    );

    // The cancelled token stays refused even though it is published; a new challenge needs its own record.
    const fresh = (
      await as('alice').post(validationOf(zone.id), { validation_type: 'txt_record' }).expect(200)
    ).body;
    const mismatch = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(mismatch.body).toMatchObject({ is_valid: false, validation_id: fresh.id });
    expect(mismatch.body.message).toContain("TXT record found but value doesn't match");
  });

  it('should report an expired challenge and require a new one', async () => {
    const zone = await createZone('alice', zones.expired);
    const challenge = (await as('alice').get(validationOf(zone.id)).expect(200)).body;
    await upstream.setTxt(zones.expired, `_scaidns-verify.${zones.expired}`, [
      challenge.dns_record.value as string,
    ]);
    await t.app
      .get(DataSource)
      .query('UPDATE domain_validations SET expires_at = ? WHERE id = ?', [
        new Date(Date.now() - 1000),
        challenge.id,
      ]);

    // Even with the right record published, an expired challenge does not validate.
    const first = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(first.body).toEqual({
      is_valid: false,
      message: 'The validation challenge has expired; start a new one',
      validation_id: challenge.id,
    });
    const second = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(409);
    expect(second.body.detail).toBe('The validation challenge has expired; start a new one');
    expect(await openChallenge(zone.id)).toBeNull();
    expect((await as('alice').get(`/api/v1/domains/${zone.id}`).expect(200)).body.status).toBe(
      'pending_validation',
    );

    const fresh = (await as('alice').post(validationOf(zone.id), {}).expect(200)).body;
    await upstream.setTxt(zones.expired, `_scaidns-verify.${zones.expired}`, [
      fresh.dns_record.value as string,
    ]);
    const passed = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(passed.body).toMatchObject({ is_valid: true, validation_id: fresh.id });
  });

  it('should validate by delegation: found vs expected nameservers until the NS set points at the platform', async () => {
    const zone = await createZone('alice', zones.ns);
    const challenge = (
      await as('alice').post(validationOf(zone.id), { validation_type: 'nameservers' }).expect(200)
    ).body;
    expect(challenge).toMatchObject({
      validation_type: 'nameservers',
      status: 'pending',
      dns_record: { name: zones.ns, type: 'NS', value: PLATFORM_NAMESERVERS.join(' ') },
    });

    const before = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(before.body).toEqual({
      is_valid: false,
      message: `Nameservers don't match. Expected: ns1.scaidns-e2e.test, ns2.scaidns-e2e.test; found: ns1.${zones.ns}`,
      validation_id: challenge.id,
    });
    expect(await dnsOutcome(scaidnsDns.resolveSoa(zones.ns))).toBe('EREFUSED');

    // Half a delegation is not enough.
    await upstream.setNs(zones.ns, [PLATFORM_NAMESERVERS[0]]);
    const half = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(half.body.is_valid).toBe(false);
    expect(half.body.message).toContain('found: ns1.scaidns-e2e.test');

    await upstream.setNs(zones.ns, PLATFORM_NAMESERVERS);
    const passed = await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(200);
    expect(passed.body).toEqual({ is_valid: true, message: 'Domain validated', validation_id: challenge.id });
    expect((await as('alice').get(`/api/v1/domains/${zone.id}`).expect(200)).body).toMatchObject({
      status: 'active',
      served: true,
    });
    expect((await scaidnsDns.resolveNs(zones.ns)).sort()).toEqual(
      PLATFORM_NAMESERVERS.map((ns) => ns.replace(/\.$/, '')),
    );
  });

  it('should let a platform admin (validation:bypass) create a zone that is active and served at once', async () => {
    const zone = await createZone('admin', held.name);
    expect(zone).toMatchObject({ status: 'active' });
    const acme = (await as('alice').get(`/api/v1/domains/${zone.id}`).expect(200)).body;
    expect(acme).toMatchObject({ status: 'active', served: true, tenant_id: zone.tenant_id });
    expect(await scaidnsDns.resolveSoa(held.name)).toMatchObject({
      nsname: 'ns1.scaidns-e2e.test',
      hostmaster: `hostmaster.${held.name}`,
    });
    expect(await openChallenge(zone.id)).toBeNull();
    const audit = await t.app
      .get(DataSource)
      .query<{ bypassed: unknown }[]>(
        "SELECT JSON_EXTRACT(details, '$.validation_bypassed') AS bypassed FROM audit_logs WHERE resource_id = ? AND action = 'domain.create'",
        [zone.id],
      );
    expect(audit).toEqual([{ bypassed: true }]);
    await as('alice').post(validationOf(zone.id), {}).expect(409);
    await as('alice')
      .post(`${validationOf(zone.id)}/check`)
      .expect(409);
  });

  it("should answer 404 to another tenant on every validation route of acme's zones", async () => {
    const pending = (
      await as('alice')
        .post('/api/v1/domains/', { name: `val-hidden-${suffix}.test`, domain_type: 'primary' })
        .expect(201)
    ).body;
    createdIds.push(pending.id as string);
    for (const id of [pending.id as string, createdIds[0]]) {
      await as('carol').get(validationOf(id)).expect(404);
      await as('carol').post(validationOf(id), {}).expect(404);
      await as('carol').post(validationOf(id), { validation_type: 'nameservers' }).expect(404);
      await as('carol')
        .post(`${validationOf(id)}/check`)
        .expect(404);
      await as('carol').delete(validationOf(id)).expect(404);
    }
    // Nothing changed for acme.
    const challenge = (
      await as('alice')
        .get(validationOf(pending.id as string))
        .expect(200)
    ).body;
    expect(challenge).toMatchObject({ status: 'pending', validation_type: 'txt_record' });
  });

  it('should refuse a zone another tenant holds active, and its parents and children', async () => {
    await createZone('admin', `sub.${held.childOf}`);

    const same = await as('carol')
      .post('/api/v1/domains/', { name: held.name, domain_type: 'primary' })
      .expect(409);
    expect(same.body.detail).toBe(`${held.name} is managed by another tenant`);
    const child = await as('carol')
      .post('/api/v1/domains/', { name: `www.${held.name}`, domain_type: 'primary' })
      .expect(409);
    expect(child.body.detail).toBe(`a parent zone of www.${held.name} is managed by another tenant`);
    const parent = await as('carol')
      .post('/api/v1/domains/', { name: held.childOf, domain_type: 'primary' })
      .expect(409);
    expect(parent.body.detail).toBe(`a child zone of ${held.childOf} is managed by another tenant`);

    // A zone that is only pending elsewhere holds nothing: both tenants may try to prove ownership.
    const contested = `val-contested-${suffix}.test`;
    await createZone('alice', contested);
    const globex = await createZone('carol', contested);
    expect(globex.status).toBe('pending_validation');
    await as('carol').delete(`/api/v1/domains/${globex.id}?hard=true`).expect(204);
  });
});
