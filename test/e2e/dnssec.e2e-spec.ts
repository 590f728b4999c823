import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { keyTag, parseDnskey } from 'src/dnssec/dnssec-digest';
import { DEFAULT_DNSSEC_POLICY } from 'src/dnssec/dnssec-policy';
import { DnssecRolloverService, RolloverReport } from 'src/dnssec/dnssec-rollover.service';
import { DnssecJobName } from 'src/dnssec/jobs/dnssec-jobs.payload';
import { ALL_QUEUES, QueueName } from 'src/jobs/queue-names';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { testStack } from 'test/utils/test-stack';
import { createTestWorker } from 'test/utils/test-worker';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

const run = promisify(execFile);

jest.setTimeout(180_000);

interface DsJson {
  key_tag: number;
  algorithm: number;
  digest_type: number;
  digest: string;
}

interface KeyJson {
  key_tag: number;
  algorithm: number;
  public_key: string;
  key_type: 'KSK' | 'ZSK';
  created_at: string;
  expires_at: string;
  active: boolean;
  state: string;
  activate_at: string | null;
  remove_at: string | null;
}

interface PdnsKey {
  id: number;
  keytype: string;
  flags: number;
  active: boolean;
  published: boolean;
  dnskey: string;
  ds?: string[];
}

const DAY = 24 * 3600 * 1000;
const policy = DEFAULT_DNSSEC_POLICY;

/**
 * DNSSEC key lifecycle against the real PowerDNS (which signs) and the upstream PowerDNS playing the parent zones
 * (e2e). Answers are checked with `delv`, using the zone's own DS as the trust anchor, at every step of every rollover.
 */
describe('DNSSEC (e2e)', () => {
  let t: TestApp;
  let upstream: UpstreamDns;
  let rollover: DnssecRolloverService;
  let admin: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let workDir: string;
  const rand = randomBytes(4).toString('hex');
  const parent = `parent-${rand}.test`;

  const as = (who: 'admin' | 'alice' | 'bob' | 'carol') => {
    const headers = (): Record<string, string> => ({
      Authorization: `Bearer ${{ admin, alice, bob, carol }[who]}`,
      ...(who === 'admin' ? { 'X-Tenant-ID': 'tnt_acme' } : {}),
    });
    return {
      get: (path: string) => t.http().get(path).set(headers()),
      post: (path: string, body?: object) => {
        const request = t.http().post(path).set(headers());
        return body === undefined ? request : request.send(body);
      },
    };
  };
  const api = () => as('admin');
  const dnssec = (id: string, action = '') => `/api/v1/domains/${id}/dnssec${action ? `/${action}` : ''}`;

  async function createZone(name: string, who: 'admin' | 'alice' = 'admin'): Promise<string> {
    const created = await as(who).post('/api/v1/domains/', { name, domain_type: 'primary' }).expect(201);
    await as(who)
      .post(`/api/v1/domains/${created.body.id}/records`, { name: 'www', type: 'A', content: '192.0.2.80' })
      .expect(201);
    return created.body.id as string;
  }

  // ---------------------------------------------------------------- DNS helpers

  async function pdnsKeys(zone: string): Promise<PdnsKey[]> {
    const response = await fetch(
      `${t.stack.pdns.apiUrl}/api/v1/servers/localhost/zones/${zone}./cryptokeys`,
      {
        headers: { 'X-API-Key': t.stack.pdns.apiKey },
      },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as PdnsKey[];
  }

  async function dig(name: string, type: string, ...options: string[]): Promise<string> {
    const { stdout } = await run('dig', [
      '@127.0.0.1',
      '-p',
      String(t.stack.pdns.dnsPort),
      '+norec',
      '+tries=1',
      '+time=3',
      ...options,
      name,
      type,
    ]);
    return stdout;
  }

  /** Key tags of the DNSKEY set PowerDNS serves, by flags. */
  async function servedDnskeys(zone: string): Promise<{ ksk: number[]; zsk: number[] }> {
    const lines = (await dig(zone, 'DNSKEY', '+short'))
      .split('\n')
      .filter((line) => /^\d+ \d+ \d+ /.test(line));
    const keys = lines.map((line) => parseDnskey(line));
    const tags = (flags: number) =>
      keys
        .filter((k) => k.flags === flags)
        .map(keyTag)
        .sort((a, b) => a - b);
    return { ksk: tags(257), zsk: tags(256) };
  }

  /** Key tags of the RRSIGs over an rrset. */
  async function signers(name: string, type: string): Promise<number[]> {
    const lines = (await dig(name, type, '+dnssec', '+short'))
      .split('\n')
      .filter((line) => line.startsWith(`${type} `));
    return lines.map((line) => Number(line.split(/\s+/)[6])).sort((a, b) => a - b);
  }

  /** delv against ScaiDNS's PowerDNS with `ds` (digest type 2) as the only trust anchor. */
  async function delv(zone: string, ds: DsJson, name: string, type = 'A'): Promise<string> {
    const anchors = join(workDir, `anchors-${zone}-${ds.key_tag}.conf`);
    await writeFile(
      anchors,
      `trust-anchors { ${zone}. initial-ds ${ds.key_tag} ${ds.algorithm} ${ds.digest_type} "${ds.digest}"; };\n`,
    );
    try {
      const { stdout, stderr } = await run('delv', [
        '@127.0.0.1',
        '-p',
        String(t.stack.pdns.dnsPort),
        '-a',
        anchors,
        `+root=${zone}`,
        name,
        type,
      ]);
      return `${stdout}${stderr}`;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
  }

  async function expectValidated(zone: string, ds: DsJson): Promise<void> {
    expect(await delv(zone, ds, `www.${zone}`)).toContain('; fully validated');
    expect(await delv(zone, ds, `nothing-here.${zone}`)).toContain('; negative response, fully validated');
  }

  const sha256 = (records: DsJson[]): DsJson => records.find((ds) => ds.digest_type === 2)!;

  // ---------------------------------------------------------------- the parent zone at the "registrar"

  async function parentPatch(rrsets: object[]): Promise<void> {
    const response = await fetch(`${t.stack.upstream.apiUrl}/api/v1/servers/localhost/zones/${parent}.`, {
      method: 'PATCH',
      headers: { 'X-API-Key': t.stack.upstream.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rrsets }),
    });
    expect(response.status).toBe(204);
  }

  const delegate = (child: string) =>
    parentPatch([
      {
        name: `${child}.`,
        type: 'NS',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: 'ns1.scaidns-e2e.test.', disabled: false }],
      },
    ]);
  const publishDs = (child: string, records: DsJson[]) =>
    parentPatch([
      records.length === 0
        ? { name: `${child}.`, type: 'DS', changetype: 'DELETE' }
        : {
            name: `${child}.`,
            type: 'DS',
            ttl: 60,
            changetype: 'REPLACE',
            records: records.map((ds) => ({
              content: `${ds.key_tag} ${ds.algorithm} ${ds.digest_type} ${ds.digest}`,
              disabled: false,
            })),
          },
    ]);

  async function auditActions(domainId: string): Promise<{ action: string; actor_type: string }[]> {
    return t.app
      .get(DataSource)
      .query(
        'SELECT action, actor_type FROM audit_logs WHERE resource_type = ? AND resource_id = ? ORDER BY timestamp, id',
        ['dnssec', domainId],
      );
  }

  beforeAll(async () => {
    t = await createTestApp(upstreamResolverEnv(testStack()));
    upstream = new UpstreamDns(t.stack);
    rollover = t.app.get(DnssecRolloverService);
    [admin, alice, bob, carol] = await Promise.all(
      ['admin@scaidns.test', 'alice@acme.test', 'bob@acme.test', 'carol@globex.test'].map((email) =>
        userToken(t.stack, email),
      ),
    );
    workDir = await mkdtemp(join(tmpdir(), 'scaidns-dnssec-'));
    await upstream.createZone(parent);
  });

  afterAll(async () => {
    // BullMQ keys never expire: remove this run's queues (schedulers included) from the shared Redis.
    for (const name of ALL_QUEUES) {
      await t.app.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true });
    }
    await upstream.deleteZone(parent);
    await rm(workDir, { recursive: true, force: true });
    await t.close();
  });

  describe('enable, read, access and disable', () => {
    const zone = `dnssec-${rand}.test`;
    let id: string;

    beforeAll(async () => {
      id = await createZone(zone);
    });

    it('should report an unsigned zone', async () => {
      const state = await api().get(dnssec(id)).expect(200);
      expect(state.body).toEqual({
        enabled: false,
        status: 'disabled',
        algorithm: null,
        ksk: [],
        zsk: [],
        ds_records: [],
      });
    });

    it('should refuse unsupported algorithms and malformed bodies before changing anything', async () => {
      const bad = await api().post(dnssec(id, 'enable'), { algorithm: 7 }).expect(400);
      expect(bad.body.detail).toContain('Unsupported DNSSEC algorithm 7');
      await api().post(dnssec(id, 'enable'), { algorithm: 'thirteen' }).expect(422);
      await api().post(dnssec(id, 'enable'), { algorithm: 13, extra: true }).expect(422);
      expect(await pdnsKeys(zone)).toEqual([]);
    });

    it('should sign the zone with a separate KSK and ZSK and return DS records of digest types 2 and 4', async () => {
      const enabled = await api().post(dnssec(id, 'enable')).expect(200);
      expect(enabled.body).toMatchObject({
        domain_id: id,
        action: 'enable',
        message: 'DNSSEC enabled',
        status: 'pending_ds',
        ksk: { key_type: 'KSK', algorithm: 13, active: true, state: 'active' },
        zsk: { key_type: 'ZSK', algorithm: 13, active: true, state: 'active' },
      });
      const {
        ksk,
        zsk,
        ds_records: ds,
      } = enabled.body as { ksk: KeyJson; zsk: KeyJson; ds_records: DsJson[] };
      expect(new Date(ksk.expires_at).getTime() - new Date(ksk.created_at).getTime()).toBeCloseTo(
        365 * DAY,
        -4,
      );
      expect(new Date(zsk.expires_at).getTime() - new Date(zsk.created_at).getTime()).toBeCloseTo(
        30 * DAY,
        -4,
      );
      expect(ds.map((record) => [record.key_tag, record.algorithm, record.digest_type])).toEqual([
        [ksk.key_tag, 13, 2],
        [ksk.key_tag, 13, 4],
      ]);
      expect(ds[0].digest).toMatch(/^[0-9A-F]{64}$/);
      expect(ds[1].digest).toMatch(/^[0-9A-F]{96}$/);

      // PowerDNS holds exactly these two keys (not a CSK) and computes the same DS.
      const keys = await pdnsKeys(zone);
      expect(keys.map((key) => [key.flags, key.active, keyTag(parseDnskey(key.dnskey))]).sort()).toEqual(
        [
          [256, true, zsk.key_tag],
          [257, true, ksk.key_tag],
        ].sort(),
      );
      expect(keys.find((key) => key.flags === 257)!.ds).toEqual(
        expect.arrayContaining(
          ds.map((record) => `${record.key_tag} 13 ${record.digest_type} ${record.digest.toLowerCase()}`),
        ),
      );
      expect(keys.find((key) => key.flags === 257)!.dnskey).toBe(`257 3 13 ${ksk.public_key}`);

      const state = await api().get(dnssec(id)).expect(200);
      expect(state.body).toMatchObject({
        enabled: true,
        status: 'pending_ds',
        algorithm: 13,
        ds_records: ds,
      });
      expect(state.body.ksk).toEqual([ksk]);
      expect(state.body.zsk).toEqual([zsk]);
      const domain = await api().get(`/api/v1/domains/${id}`).expect(200);
      expect(domain.body).toMatchObject({ dnssec_enabled: true, dnssec_status: 'pending_ds' });
    });

    it('should serve answers that validate from the DS as trust anchor, NXDOMAIN included', async () => {
      const state = await api().get(dnssec(id)).expect(200);
      await expectValidated(zone, sha256(state.body.ds_records));
      expect(await servedDnskeys(zone)).toEqual({
        ksk: [state.body.ksk[0].key_tag],
        zsk: [state.body.zsk[0].key_tag],
      });
      expect(await signers(`www.${zone}`, 'A')).toEqual([state.body.zsk[0].key_tag]);
      expect(await signers(zone, 'DNSKEY')).toEqual([state.body.ksk[0].key_tag]);
    });

    it('should refuse enabling twice', async () => {
      const again = await api().post(dnssec(id, 'enable'), { algorithm: 13 }).expect(409);
      expect(again.body.detail).toBe('DNSSEC is already enabled for this zone');
      expect(await pdnsKeys(zone)).toHaveLength(2);
    });

    it('should hide the zone from other tenants on every route', async () => {
      const carolApi = as('carol');
      await carolApi.get(dnssec(id)).expect(404);
      for (const action of ['enable', 'disable', 'rotate-zsk', 'rotate-ksk', 'confirm-ds-published']) {
        await carolApi.post(dnssec(id, action), {}).expect(404);
      }
      // Platform admins see it only inside the tenant that owns it.
      await t
        .http()
        .get(dnssec(id))
        .set('Authorization', `Bearer ${admin}`)
        .set('X-Tenant-ID', 'tnt_globex')
        .expect(404);
    });

    it('should let read-only users read but not change DNSSEC', async () => {
      const bobApi = as('bob');
      const state = await bobApi.get(dnssec(id)).expect(200);
      expect(state.body.status).toBe('pending_ds');
      for (const action of ['enable', 'disable', 'rotate-zsk', 'rotate-ksk', 'confirm-ds-published']) {
        await bobApi.post(dnssec(id, action), {}).expect(403);
      }
    });

    it('should refuse confirm-ds-published for unknown keys and when the parent cannot be asked', async () => {
      await api().post(dnssec(id, 'confirm-ds-published'), { key_tag: 1 }).expect(400);
      // `.test` has no parent the test resolver (the upstream PowerDNS) answers for: it refuses.
      const unreachable = await api().post(dnssec(id, 'confirm-ds-published'), {}).expect(503);
      expect(unreachable.body.detail).toContain(
        `Could not look up the DS records of ${zone} at its parent zone`,
      );
      expect(unreachable.body.detail).toContain('Nothing was changed');
      expect((await api().get(dnssec(id)).expect(200)).body.status).toBe('pending_ds');
    });

    it('should refuse disabling while the parent cannot be asked, and disable with force', async () => {
      const refused = await api().post(dnssec(id, 'disable')).expect(503);
      expect(refused.body.detail).toContain('force');
      expect(await pdnsKeys(zone)).toHaveLength(2);

      const disabled = await api().post(dnssec(id, 'disable'), { force: true }).expect(200);
      expect(disabled.body).toMatchObject({ domain_id: id, action: 'disable', status: 'disabled' });
      expect(disabled.body.message).toContain('DNSSEC disabled and all signing keys removed');
      expect(disabled.body.message).toContain('registrar');
      expect(await pdnsKeys(zone)).toEqual([]);
      expect(await signers(`www.${zone}`, 'A')).toEqual([]);
      expect(await dig(`www.${zone}`, 'A', '+short')).toContain('192.0.2.80');
      expect((await api().get(dnssec(id)).expect(200)).body).toEqual({
        enabled: false,
        status: 'disabled',
        algorithm: null,
        ksk: [],
        zsk: [],
        ds_records: [],
      });
      await api().post(dnssec(id, 'disable'), { force: true }).expect(409);
      await api().post(dnssec(id, 'rotate-zsk')).expect(409);
      await api().post(dnssec(id, 'confirm-ds-published')).expect(409);

      expect((await auditActions(id)).map((row) => row.action)).toEqual(['dnssec.enable', 'dnssec.disable']);
    });

    it.each([8, 14, 15])('should sign with algorithm %i', async (algorithm) => {
      const enabled = await api().post(dnssec(id, 'enable'), { algorithm }).expect(200);
      expect(enabled.body.ksk.algorithm).toBe(algorithm);
      expect(enabled.body.zsk.algorithm).toBe(algorithm);
      await expectValidated(zone, sha256(enabled.body.ds_records));
      await api().post(dnssec(id, 'disable'), { force: true }).expect(200);
      expect(await pdnsKeys(zone)).toEqual([]);
    });

    it('should refuse to sign a zone that is not active', async () => {
      const pending = await as('alice')
        .post('/api/v1/domains/', { name: `pending-${rand}.test`, domain_type: 'primary' })
        .expect(201);
      expect(pending.body.status).toBe('pending_validation');
      const refused = await as('alice').post(dnssec(pending.body.id, 'enable')).expect(409);
      expect(refused.body.detail).toContain('active zone');
    });
  });

  describe('ZSK rollover', () => {
    const zone = `zsk-${rand}.${parent}`;
    let id: string;
    let anchor: DsJson;
    let kskTag: number;

    const zsks = async (): Promise<KeyJson[]> => (await api().get(dnssec(id)).expect(200)).body.zsk;
    /** What the state machine says the DNSSEC status and ZSKs are, and what PowerDNS serves. */
    async function expectStep(status: string, published: number[], signing: number[]): Promise<void> {
      const state = await api().get(dnssec(id)).expect(200);
      expect(state.body.status).toBe(status);
      expect(state.body.zsk.map((key: KeyJson) => key.key_tag).sort()).toEqual([...published].sort());
      expect(state.body.zsk.filter((key: KeyJson) => key.active).map((key: KeyJson) => key.key_tag)).toEqual(
        signing,
      );
      expect(await servedDnskeys(zone)).toEqual({ ksk: [kskTag], zsk: [...published].sort((a, b) => a - b) });
      expect(await signers(`www.${zone}`, 'A')).toEqual(signing);
      const pdns = (await pdnsKeys(zone)).filter((key) => key.flags === 256);
      expect(pdns.filter((key) => key.active).map((key) => keyTag(parseDnskey(key.dnskey)))).toEqual(signing);
      await expectValidated(zone, anchor);
    }

    beforeAll(async () => {
      id = await createZone(zone);
      const enabled = await api().post(dnssec(id, 'enable')).expect(200);
      anchor = sha256(enabled.body.ds_records);
      kskTag = enabled.body.ksk.key_tag;
      await delegate(zone);
      await publishDs(zone, [anchor]);
      await api().post(dnssec(id, 'confirm-ds-published')).expect(200);
    });

    it('should pre-publish, activate and remove ZSKs with answers validating at every step', async () => {
      const [first] = await zsks();
      const started = Date.now();

      // Manual start: the new ZSK is published at once but does not sign yet.
      const rotated = await api().post(dnssec(id, 'rotate-zsk')).expect(200);
      expect(rotated.body).toMatchObject({
        action: 'rotate_zsk',
        status: 'rotating_zsk',
        zsk: { active: false, state: 'published' },
      });
      expect(rotated.body.retiring_zsk.map((key: KeyJson) => key.key_tag)).toEqual([first.key_tag]);
      const second = rotated.body.zsk as KeyJson;
      expect(new Date(second.activate_at!).getTime() - Date.now()).toBeGreaterThan(
        policy.zskPrepublishMs - 60_000,
      );
      await api().post(dnssec(id, 'rotate-zsk')).expect(409);
      await expectStep('rotating_zsk', [first.key_tag, second.key_tag], [first.key_tag]);

      // Not yet: the pre-publication period has not passed.
      expect((await rollover.rolloverDue(new Date(started + policy.zskPrepublishMs - 60_000))).steps).toEqual(
        [],
      );
      await expectStep('rotating_zsk', [first.key_tag, second.key_tag], [first.key_tag]);

      // Activation: the new key signs, the old one stays published until its signatures are gone from caches.
      const activatedAt = started + policy.zskPrepublishMs + 60_000;
      const activation = await rollover.rolloverDue(new Date(activatedAt));
      expect(activation.steps).toEqual([
        { domainId: id, zone, action: 'activate_zsk', keyTag: second.key_tag },
      ]);
      expect(activation.failures).toEqual([]);
      await expectStep('rotating_zsk', [first.key_tag, second.key_tag], [second.key_tag]);
      const retiring = (await zsks()).find((key) => key.key_tag === first.key_tag)!;
      expect(retiring).toMatchObject({
        state: 'retiring',
        active: false,
        remove_at: new Date(activatedAt + policy.zskRetireMs).toISOString(),
      });

      expect((await rollover.rolloverDue(new Date(activatedAt + policy.zskRetireMs - 60_000))).steps).toEqual(
        [],
      );
      const removal = await rollover.rolloverDue(new Date(activatedAt + policy.zskRetireMs));
      expect(removal.steps).toEqual([{ domainId: id, zone, action: 'remove_zsk', keyTag: first.key_tag }]);
      await expectStep('active', [second.key_tag], [second.key_tag]);

      // Automatic start when the active ZSK nears its expiry (overlap window), and the same steps after it.
      const [current] = await zsks();
      expect(new Date(current.expires_at).getTime()).toBe(activatedAt + policy.zskLifetimeMs);
      const windowOpens = activatedAt + policy.zskLifetimeMs - policy.zskRolloverLeadMs;
      expect((await rollover.rolloverDue(new Date(windowOpens - 60_000))).steps).toEqual([]);
      const automatic = await rollover.rolloverDue(new Date(windowOpens));
      expect(automatic.steps).toHaveLength(1);
      expect(automatic.steps[0]).toMatchObject({ domainId: id, action: 'prepublish_zsk' });
      const third = automatic.steps[0].keyTag;
      await expectStep('rotating_zsk', [second.key_tag, third], [second.key_tag]);
      await rollover.rolloverDue(new Date(windowOpens + policy.zskPrepublishMs));
      await expectStep('rotating_zsk', [second.key_tag, third], [third]);
      await rollover.rolloverDue(new Date(windowOpens + policy.zskPrepublishMs + policy.zskRetireMs));
      await expectStep('active', [third], [third]);

      const audit = await auditActions(id);
      expect(audit.map((row) => `${row.action}/${row.actor_type}`)).toEqual([
        'dnssec.enable/user',
        'dnssec.confirm_ds_published/user',
        'dnssec.rotate_zsk/user',
        'dnssec.activate_zsk/system',
        'dnssec.remove_zsk/system',
        'dnssec.rotate_zsk/system',
        'dnssec.activate_zsk/system',
        'dnssec.remove_zsk/system',
      ]);
    });

    afterAll(async () => {
      await api().post(dnssec(id, 'disable'), { force: true });
    });
  });

  describe('DS confirmation and KSK rollover with the parent zone in DNS', () => {
    const zone = `child-${rand}.${parent}`;
    let id: string;
    let firstKsk: KeyJson;
    let firstDs: DsJson[];

    beforeAll(async () => {
      id = await createZone(zone);
      const enabled = await api().post(dnssec(id, 'enable')).expect(200);
      firstKsk = enabled.body.ksk;
      firstDs = enabled.body.ds_records;
    });

    it('should confirm the DS only once the parent publishes it', async () => {
      // Not delegated at all yet: the parent answers NXDOMAIN.
      const undelegated = await api().post(dnssec(id, 'confirm-ds-published')).expect(409);
      expect(undelegated.body.detail.message).toContain(
        `does not publish a DS record for key ${firstKsk.key_tag} of ${zone}`,
      );
      expect(undelegated.body.detail.message).toContain('The parent publishes: none');
      expect(undelegated.body.detail.expected).toEqual(firstDs);

      // Delegated, but without a DS.
      await delegate(zone);
      const noDs = await api().post(dnssec(id, 'confirm-ds-published'), {}).expect(409);
      expect(noDs.body.detail).toMatchObject({ expected: firstDs, published: [] });

      // A DS for some other key does not count.
      const wrong: DsJson = { ...firstDs[0], key_tag: (firstDs[0].key_tag + 1) % 65536 };
      await publishDs(zone, [wrong]);
      const mismatch = await api().post(dnssec(id, 'confirm-ds-published')).expect(409);
      expect(mismatch.body.detail.published).toEqual([wrong]);
      expect(mismatch.body.detail.message).toContain(
        `The parent publishes: ${wrong.key_tag} 13 2 ${wrong.digest}`,
      );
      expect((await api().get(dnssec(id)).expect(200)).body.status).toBe('pending_ds');

      // Published (digest type 2 only is enough).
      await publishDs(zone, [sha256(firstDs)]);
      const confirmed = await as('alice')
        .post(dnssec(id, 'confirm-ds-published'), { key_tag: firstKsk.key_tag })
        .expect(200);
      expect(confirmed.body).toMatchObject({
        domain_id: id,
        action: 'confirm_ds_published',
        status: 'active',
        key_tag: firstKsk.key_tag,
        matched_ds: [sha256(firstDs)],
      });
      expect((await api().get(`/api/v1/domains/${id}`).expect(200)).body).toMatchObject({
        dnssec_enabled: true,
        dnssec_status: 'active',
      });
      await api().post(dnssec(id, 'confirm-ds-published')).expect(409);
      await expectValidated(zone, sha256(firstDs));
    });

    it('should roll the KSK: new DS returned, confirmed only once published, old KSK removed afterwards', async () => {
      const rotated = await api().post(dnssec(id, 'rotate-ksk')).expect(200);
      expect(rotated.body).toMatchObject({
        action: 'rotate_ksk',
        status: 'rotating_ksk',
        ksk: { key_type: 'KSK', active: true, state: 'active' },
      });
      const newKsk = rotated.body.ksk as KeyJson;
      const newDs = rotated.body.ds_records as DsJson[];
      expect(newKsk.key_tag).not.toBe(firstKsk.key_tag);
      expect(newDs.map((ds) => [ds.key_tag, ds.digest_type])).toEqual([
        [newKsk.key_tag, 2],
        [newKsk.key_tag, 4],
      ]);
      await api().post(dnssec(id, 'rotate-ksk')).expect(409);

      // Both KSKs sign the DNSKEY set, so both the old and the new DS validate.
      expect(await servedDnskeys(zone)).toMatchObject({
        ksk: [firstKsk.key_tag, newKsk.key_tag].sort((a, b) => a - b),
      });
      expect(await signers(zone, 'DNSKEY')).toEqual([firstKsk.key_tag, newKsk.key_tag].sort((a, b) => a - b));
      await expectValidated(zone, sha256(firstDs));
      await expectValidated(zone, sha256(newDs));
      const during = await api().get(dnssec(id)).expect(200);
      expect(during.body.status).toBe('rotating_ksk');
      expect(during.body.ds_records.map((ds: DsJson) => ds.key_tag)).toEqual([
        firstKsk.key_tag,
        firstKsk.key_tag,
        newKsk.key_tag,
        newKsk.key_tag,
      ]);

      // The parent still has only the old DS.
      const early = await api().post(dnssec(id, 'confirm-ds-published')).expect(409);
      expect(early.body.detail.expected).toEqual(newDs);
      expect(early.body.detail.published).toEqual([sha256(firstDs)]);
      // Confirming the old key is not what is awaited.
      await api().post(dnssec(id, 'confirm-ds-published'), { key_tag: firstKsk.key_tag }).expect(409);

      // The registrar now publishes the new DS (SHA-384 this time) next to the old one.
      await publishDs(zone, [sha256(firstDs), newDs[1]]);
      const confirmed = await api().post(dnssec(id, 'confirm-ds-published')).expect(200);
      expect(confirmed.body).toMatchObject({
        status: 'active',
        key_tag: newKsk.key_tag,
        matched_ds: [newDs[1]],
      });
      expect(confirmed.body.message).toContain(`the old KSK (${firstKsk.key_tag}) is removed at`);

      // The old KSK keeps signing until the parent's old DS set can no longer be cached.
      const after = await api().get(dnssec(id)).expect(200);
      expect(after.body.status).toBe('active');
      expect(after.body.ksk.map((key: KeyJson) => [key.key_tag, key.state, key.active])).toEqual([
        [firstKsk.key_tag, 'retiring', true],
        [newKsk.key_tag, 'active', true],
      ]);
      expect(after.body.ds_records).toEqual(newDs);
      await expectValidated(zone, sha256(newDs));

      const removal = await rollover.rolloverDue(new Date(Date.now() + policy.kskRetireMs + 60_000));
      expect(removal.steps).toEqual([{ domainId: id, zone, action: 'remove_ksk', keyTag: firstKsk.key_tag }]);
      expect(removal.failures).toEqual([]);
      const final = await api().get(dnssec(id)).expect(200);
      expect(final.body.ksk.map((key: KeyJson) => key.key_tag)).toEqual([newKsk.key_tag]);
      expect(
        (await pdnsKeys(zone))
          .filter((key) => key.flags === 257)
          .map((key) => keyTag(parseDnskey(key.dnskey))),
      ).toEqual([newKsk.key_tag]);
      expect(await servedDnskeys(zone)).toMatchObject({ ksk: [newKsk.key_tag] });
      await expectValidated(zone, sha256(newDs));
      expect(await delv(zone, sha256(firstDs), `www.${zone}`)).not.toContain('; fully validated');
    });

    it('should refuse to disable while the parent publishes a DS, and disable once it is gone', async () => {
      const refused = await api().post(dnssec(id, 'disable'), {}).expect(409);
      expect(refused.body.detail.message).toContain(`The parent zone still publishes DS records for ${zone}`);
      expect(refused.body.detail.published).toHaveLength(2);
      expect(await pdnsKeys(zone)).toHaveLength(2);

      await publishDs(zone, []);
      const disabled = await api().post(dnssec(id, 'disable')).expect(200);
      expect(disabled.body.status).toBe('disabled');
      expect(await pdnsKeys(zone)).toEqual([]);

      expect((await auditActions(id)).map((row) => `${row.action}/${row.actor_type}`)).toEqual([
        'dnssec.enable/user',
        'dnssec.confirm_ds_published/user',
        'dnssec.rotate_ksk/user',
        'dnssec.confirm_ds_published/user',
        'dnssec.remove_ksk/system',
        'dnssec.disable/user',
      ]);
    });
  });

  it('should run the rollover in the worker, on the schedule it registers', async () => {
    const zone = `worker-${rand}.test`;
    const id = await createZone(zone);
    await api().post(dnssec(id, 'enable')).expect(200);
    const worker = await createTestWorker(t);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Dnssec), { strict: false });
    const events = new QueueEvents(QueueName.Dnssec, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
    });
    try {
      expect(
        worker.started.schedules.filter((schedule) => schedule.queue === (QueueName.Dnssec as string)),
      ).toEqual([
        {
          queue: QueueName.Dnssec,
          id: DnssecJobName.RolloverDue,
          name: DnssecJobName.RolloverDue,
          everyMs: policy.rolloverCheckEveryMs,
        },
      ]);
      expect(await queue.getJobSchedulers()).toEqual([
        expect.objectContaining({ key: DnssecJobName.RolloverDue, every: policy.rolloverCheckEveryMs }),
      ]);
      await events.waitUntilReady();
      const job = await queue.add(DnssecJobName.RolloverDue, {});
      const report = (await job.waitUntilFinished(events, 20_000)) as RolloverReport;
      expect(report.zones).toBeGreaterThanOrEqual(1);
      expect(report.steps).toEqual([]);
      expect(report.failures).toEqual([]);
    } finally {
      await events.close();
      await worker.close();
      await api().post(dnssec(id, 'disable'), { force: true }).expect(200);
    }
  });

  it('should forget the keys of a zone that is deleted for good', async () => {
    const zone = `gone-${rand}.test`;
    const id = await createZone(zone);
    await api().post(dnssec(id, 'enable')).expect(200);
    await t
      .http()
      .delete(`/api/v1/domains/${id}?hard=true`)
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Tenant-ID', 'tnt_acme')
      .expect(204);
    const [{ count }] = await t.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS count FROM dnssec_keys WHERE domain_id = ?', [id]);
    expect(Number(count)).toBe(0);
  });
});
