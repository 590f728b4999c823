import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { DataSource } from 'typeorm';
import { dnsOutcome, pdnsResolver } from 'test/powerdns/dns-query';
import { userToken } from 'test/utils/oidc-client';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { TestWorker, createTestWorker } from 'test/utils/test-worker';

jest.setTimeout(600_000);

const ZONES = 200;
const OLD = ['ns1.old-ns.test.', 'ns2.old-ns.test.'];
const NEW = ['ns1.new-ns.test.', 'ns2.new-ns.test.', 'ns3.new-ns.test.'];
const NEWER = ['ns-a.newer-ns.test.', 'ns-b.newer-ns.test.'];

interface Job {
  job_id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  errors: { domain_id: string; domain: string; error: string }[];
  started_at: string | null;
  finished_at: string | null;
}

interface PdnsRrset {
  name: string;
  type: string;
  records: { content: string; disabled: boolean }[];
}

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

describe('Nameserver rewrite of every zone (e2e, API + worker + PowerDNS)', () => {
  let t: TestApp;
  let worker: TestWorker | undefined;
  let scaidnsDns: Resolver;
  let token: string;
  const suffix = randomBytes(4).toString('hex');
  const zones: { id: string; name: string }[] = [];
  const timings: Record<string, number> = {};

  const asAdmin = () => ({ Authorization: `Bearer ${token}`, 'X-Tenant-ID': 'tnt_acme' });
  const pdns = (path: string, init: RequestInit = {}) =>
    fetch(`${t.stack.pdns.apiUrl}/api/v1/servers/localhost${path}`, {
      ...init,
      headers: { 'X-API-Key': t.stack.pdns.apiKey },
    });
  const pdnsApex = async (
    zone: string,
  ): Promise<{ ns: string[]; soa: { content: string; disabled: boolean } }> => {
    const response = await pdns(`/zones/${zone}.`);
    expect(response.status).toBe(200);
    const { rrsets } = (await response.json()) as { rrsets: PdnsRrset[] };
    const apex = (type: string) => rrsets.find((rrset) => rrset.name === `${zone}.` && rrset.type === type)!;
    return {
      ns: apex('NS')
        .records.map((record) => record.content)
        .sort(),
      soa: apex('SOA').records[0],
    };
  };

  /** Starts a rewrite and polls it to the end, recording every distinct progress seen. */
  const rewrite = async (
    nameservers: string[],
  ): Promise<{ accepted: Job; final: Job; seen: Job[]; ms: number }> => {
    const started = Date.now();
    const accepted = await t
      .http()
      .put('/api/v1/admin/nameservers')
      .set(asAdmin())
      .send({ nameservers })
      .expect(202);
    const seen: Job[] = [];
    for (;;) {
      const polled = (
        await t
          .http()
          .get(`/api/v1/admin/nameservers/jobs/${accepted.body.job_id}`)
          .set(asAdmin())
          .expect(200)
      ).body as Job;
      const last = seen.at(-1);
      if (
        !last ||
        last.status !== polled.status ||
        last.done !== polled.done ||
        last.failed !== polled.failed
      ) {
        seen.push(polled);
      }
      if (['completed', 'completed_with_errors', 'failed'].includes(polled.status)) {
        return { accepted: accepted.body as Job, final: polled, seen, ms: Date.now() - started };
      }
      if (Date.now() - started > 300_000) {
        throw new Error(`rewrite did not finish: ${JSON.stringify(polled)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_NAMESERVERS: OLD.join(',') });
    worker = await createTestWorker(t);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    token = await userToken(t.stack, 'admin@scaidns.test');
    const started = Date.now();
    // Created by the platform admin in acme: active and published at once.
    const created = await inParallel(
      Array.from({ length: ZONES }, (_, index) => index),
      8,
      async (index) => {
        const name = `nsrw-${String(index).padStart(3, '0')}-${suffix}.test`;
        const response = await t
          .http()
          .post('/api/v1/domains/')
          .set(asAdmin())
          .send({ name, domain_type: 'primary' });
        expect(response.status).toBe(201);
        return { id: response.body.id as string, name };
      },
    );
    zones.push(...created);
    timings.create_200_zones_ms = Date.now() - started;
  });

  afterAll(async () => {
    const started = Date.now();
    await inParallel(zones, 8, (zone) =>
      t.http().delete(`/api/v1/domains/${zone.id}?hard=true`).set(asAdmin()),
    );
    timings.hard_delete_200_zones_ms = Date.now() - started;
    console.log(`nameserver rewrite timings (ms): ${JSON.stringify(timings)}`);
    await worker?.close();
    await t?.close();
  });

  it('should serve every zone with the old nameservers before the change', async () => {
    expect(zones).toHaveLength(ZONES);
    expect((await t.http().get('/api/v1/admin/nameservers').set(asAdmin()).expect(200)).body).toEqual({
      nameservers: OLD,
    });
    const sample = await pdnsApex(zones[0].name);
    expect(sample.ns).toEqual(OLD);
    expect(sample.soa.content.startsWith(`${OLD[0]} `)).toBe(true);
  });

  it('should rewrite NS and SOA of all 200 zones in the background, with progress, one rewrite at a time', async () => {
    // One zone is inactive: it gets the new NS and SOA too, but stays unanswered (SOA disabled).
    const inactive = zones[17];
    await t.http().post(`/api/v1/domains/${inactive.id}/deactivate`).set(asAdmin()).expect(200);
    expect(await dnsOutcome(scaidnsDns.resolveSoa(inactive.name))).toBe('EREFUSED');

    const started = Date.now();
    const accepted = await t
      .http()
      .put('/api/v1/admin/nameservers')
      .set(asAdmin())
      .send({ nameservers: ['NS1.new-ns.test', 'ns2.new-ns.test.', 'ns3.new-ns.test'] })
      .expect(202);
    timings.put_202_ms = Date.now() - started;
    expect(accepted.body).toMatchObject({
      status: 'queued',
      total: ZONES,
      done: 0,
      failed: 0,
      nameservers: NEW,
      previous_nameservers: OLD,
      errors: [],
    });
    const jobId = accepted.body.job_id as string;
    // The list is in place at once; a second change waits for this rewrite.
    expect((await t.http().get('/api/v1/admin/nameservers').set(asAdmin()).expect(200)).body).toEqual({
      nameservers: NEW,
    });
    const busy = await t
      .http()
      .put('/api/v1/admin/nameservers')
      .set(asAdmin())
      .send({ nameservers: NEWER })
      .expect(409);
    expect(busy.body.detail).toContain(jobId);

    const seen: Job[] = [];
    let final: Job;
    for (;;) {
      final = (await t.http().get(`/api/v1/admin/nameservers/jobs/${jobId}`).set(asAdmin()).expect(200))
        .body as Job;
      const last = seen.at(-1);
      if (!last || last.status !== final.status || last.done !== final.done) {
        seen.push(final);
      }
      if (!['queued', 'running'].includes(final.status) || Date.now() - started > 300_000) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    timings.rewrite_200_zones_ms = Date.now() - started;
    timings.rewrite_200_zones_worker_ms = Date.parse(final.finished_at!) - Date.parse(final.started_at!);
    timings.progress_polls_distinct = seen.length;

    expect(final).toMatchObject({
      status: 'completed',
      total: ZONES,
      done: ZONES,
      failed: 0,
      skipped: 0,
      errors: [],
    });
    // Progress moved while it ran: at least one poll saw a partial count, and the counts never went back.
    const partial = seen.filter((job) => job.status === 'running' && job.done > 0 && job.done < ZONES);
    expect(partial.length).toBeGreaterThan(0);
    const done = seen.map((job) => job.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    console.log(`progress seen: ${seen.map((job) => `${job.status}:${job.done}/${job.total}`).join(' ')}`);

    // Every zone, read back from PowerDNS: the new NS set, and the SOA names the first new nameserver.
    const apexes = await inParallel(zones, 16, (zone) => pdnsApex(zone.name));
    const wrong = zones.filter(
      (zone, index) =>
        JSON.stringify(apexes[index].ns) !== JSON.stringify([...NEW].sort()) ||
        !apexes[index].soa.content.startsWith(`${NEW[0]} hostmaster.${zone.name}. `),
    );
    expect(wrong).toEqual([]);
    expect(apexes.filter((apex) => apex.soa.disabled)).toHaveLength(1);
    expect((await pdnsApex(inactive.name)).soa.disabled).toBe(true);
    // A sample answered over DNS, and through the records API.
    for (const zone of [zones[0], zones[99], zones[199]]) {
      expect((await scaidnsDns.resolveNs(zone.name)).sort()).toEqual(
        NEW.map((host) => host.slice(0, -1)).sort(),
      );
      expect(await scaidnsDns.resolveSoa(zone.name)).toMatchObject({
        nsname: 'ns1.new-ns.test',
        hostmaster: `hostmaster.${zone.name}`,
      });
    }
    expect(await dnsOutcome(scaidnsDns.resolveSoa(inactive.name))).toBe('EREFUSED');
    const system = await t
      .http()
      .get(`/api/v1/domains/${zones[5].id}/records?include_system=true`)
      .set(asAdmin())
      .expect(200);
    const systemRecords = system.body.data as { type: string; content: string; system: boolean }[];
    expect(
      systemRecords
        .filter((record) => record.type === 'NS')
        .map((record) => record.content)
        .sort(),
    ).toEqual([...NEW].sort());
    expect(systemRecords.find((record) => record.type === 'SOA')?.content.startsWith(`${NEW[0]} `)).toBe(
      true,
    );

    // Audited with the old and the new list.
    const audit = await t.app
      .get(DataSource)
      .query<{ tenant_id: string | null; details: string | object }[]>(
        "SELECT tenant_id, details FROM audit_logs WHERE action = 'platform.nameservers.update'",
      );
    expect(audit).toHaveLength(1);
    expect(audit[0].tenant_id).toBeNull();
    const details = typeof audit[0].details === 'string' ? JSON.parse(audit[0].details) : audit[0].details;
    expect(details).toMatchObject({
      before: { nameservers: OLD },
      after: { nameservers: NEW },
      job_id: jobId,
      zones: ZONES,
    });
    await t.http().post(`/api/v1/domains/${inactive.id}/activate`).set(asAdmin()).expect(200);
    expect((await scaidnsDns.resolveSoa(inactive.name)).nsname).toBe('ns1.new-ns.test');
  });

  it('should report a zone that fails (deleted from PowerDNS behind ScaiDNS) and rewrite all the others', async () => {
    const broken = zones[42];
    expect((await pdns(`/zones/${broken.name}.`, { method: 'DELETE' })).status).toBe(204);

    const { accepted, final, seen, ms } = await rewrite(NEWER);
    timings.rewrite_with_one_failure_ms = ms;
    expect(accepted).toMatchObject({ status: 'queued', total: ZONES });
    expect(final).toMatchObject({
      status: 'completed_with_errors',
      total: ZONES,
      done: ZONES - 1,
      failed: 1,
      skipped: 0,
    });
    expect(final.errors).toEqual([
      { domain_id: broken.id, domain: broken.name, error: expect.stringContaining('PowerDNS has no') },
    ]);
    expect(seen.some((job) => job.status === 'running')).toBe(true);

    const others = zones.filter((zone) => zone.id !== broken.id);
    const apexes = await inParallel(others, 16, (zone) => pdnsApex(zone.name));
    expect(
      others.filter(
        (_zone, index) =>
          JSON.stringify(apexes[index].ns) !== JSON.stringify([...NEWER].sort()) ||
          !apexes[index].soa.content.startsWith(`${NEWER[0]} `),
      ),
    ).toEqual([]);
    expect((await pdns(`/zones/${broken.name}.`)).status).toBe(404);

    // The jobs list has both rewrites, newest first; a new change is accepted again now that none is running.
    const list = await t.http().get('/api/v1/admin/nameservers/jobs?page_size=10').set(asAdmin()).expect(200);
    expect(list.body.data.map((job: Job) => job.status)).toEqual(['completed_with_errors', 'completed']);
    expect(list.body.total).toBe(2);
  });
});
