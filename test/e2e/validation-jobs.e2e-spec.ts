import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ValidationJobName, checkNowJobId } from 'src/domains/validation/jobs/validation-jobs.payload';
import { ValidationJobsProducer } from 'src/domains/validation/jobs/validation-jobs.producer';
import { ValidationRecheckProcessor } from 'src/domains/validation/jobs/validation-recheck.processor';
import { ALL_QUEUES, QueueName } from 'src/jobs/queue-names';
import { JobRunStatus } from 'src/jobs/job-instrumentation.service';
import { pdnsResolver } from 'test/powerdns/dns-query';
import { TestApp, createTestApp } from 'test/utils/test-app';
import { userToken } from 'test/utils/oidc-client';
import { testStack } from 'test/utils/test-stack';
import { TestWorker, createTestWorker } from 'test/utils/test-worker';
import { UpstreamDns, upstreamResolverEnv } from 'test/utils/upstream-dns';

// The project-level testTimeout of jest.config.js is not applied by Jest 30 (global option only).
jest.setTimeout(60_000);

const RECHECK_INTERVAL_SECONDS = 2;

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Validation jobs: the API adds them, a worker runs them (e2e)', () => {
  let t: TestApp;
  let worker: TestWorker | undefined;
  let upstream: UpstreamDns;
  let scaidnsDns: Resolver;
  let token: string;
  let queue: Queue;
  const suffix = randomBytes(4).toString('hex');
  const zones = { auto: `jobs-auto-${suffix}.test`, now: `jobs-now-${suffix}.test` };

  const api = () => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) =>
      t.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  const jobCount = async (status: JobRunStatus): Promise<number> => {
    const metric = await worker!.metrics.workerJobs.get();
    return (
      metric.values.find(
        (value) => value.labels.queue === QueueName.Validation && value.labels.status === status,
      )?.value ?? 0
    );
  };

  /** The next job of this name the worker finishes (completed or failed), with its result or error. */
  const nextFinished = (name: string): Promise<{ job: Job; result?: unknown; error?: Error }> => {
    const bullWorker = worker!.context.get(ValidationRecheckProcessor).worker;
    return new Promise((resolve) => {
      const completed = (job: Job, result: unknown) => {
        if (job.name === name) {
          stop();
          resolve({ job, result });
        }
      };
      const failed = (job: Job | undefined, error: Error) => {
        if (job?.name === name) {
          stop();
          resolve({ job, error });
        }
      };
      const stop = () => {
        bullWorker.off('completed', completed);
        bullWorker.off('failed', failed);
      };
      bullWorker.on('completed', completed);
      bullWorker.on('failed', failed);
    });
  };

  beforeAll(async () => {
    t = await createTestApp({
      ...upstreamResolverEnv(testStack()),
      PLATFORM_NAMESERVERS: 'ns1.scaidns-e2e.test.,ns2.scaidns-e2e.test.',
    });
    upstream = new UpstreamDns(t.stack);
    scaidnsDns = pdnsResolver(t.stack.pdns.dnsPort);
    token = await userToken(t.stack, 'alice@acme.test');
    queue = t.app.get<Queue>(getQueueToken(QueueName.Validation), { strict: false });
    await Promise.all(Object.values(zones).map((zone) => upstream.createZone(zone)));
    worker = await createTestWorker(t, (config) => ({
      ...config,
      validation: { ...config.validation, recheckIntervalSeconds: RECHECK_INTERVAL_SECONDS },
    }));
  });

  afterAll(async () => {
    await worker?.close();
    if (t) {
      // BullMQ keys never expire: remove this run's queues (schedulers included) from the shared Redis.
      for (const name of ALL_QUEUES) {
        await t.app.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true });
      }
      await Promise.all(Object.values(zones).map((zone) => upstream.deleteZone(zone)));
      await t.close();
    }
  });

  it('should start the validation queue and register the re-check schedule in Redis', async () => {
    expect([...worker!.started.queues].sort()).toEqual([...ALL_QUEUES].sort());
    expect(
      worker!.started.schedules.filter((schedule) => schedule.queue === (QueueName.Validation as string)),
    ).toEqual([
      {
        queue: QueueName.Validation,
        id: ValidationJobName.RecheckDue,
        name: ValidationJobName.RecheckDue,
        everyMs: RECHECK_INTERVAL_SECONDS * 1000,
      },
    ]);
    // The API's queue sees the scheduler the worker registered: same Redis prefix, same queue.
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: ValidationJobName.RecheckDue, every: RECHECK_INTERVAL_SECONDS * 1000 }),
    ]);
    expect(queue.opts.prefix).toBe(t.config.redis.keyPrefix.replace(/:$/, ''));
  });

  it('should take a pending zone live without a check call once its TXT challenge is published', async () => {
    // With a template chosen at creation: the worker's activation applies it, as the API's would.
    const templates = await api().get('/api/v1/templates/?template_type=system').expect(200);
    const basicWeb = (templates.body.data as { id: string; name: string }[]).find(
      (template) => template.name === 'Basic web',
    );
    expect(basicWeb).toBeDefined();
    const created = await api()
      .post('/api/v1/domains/', {
        name: zones.auto,
        domain_type: 'primary',
        template_id: basicWeb!.id,
        template_variables: { ip: '192.0.2.80' },
      })
      .expect(201);
    expect(created.body.status).toBe('pending_validation');
    const id = created.body.id as string;
    const challenge = await api().get(`/api/v1/domains/${id}/validation`).expect(200);

    // Re-checks run while the record is missing; the zone stays pending.
    const completedBefore = await jobCount('completed');
    await waitFor('a re-check run', 10_000, async () =>
      (await jobCount('completed')) > completedBefore ? true : undefined,
    );
    expect((await api().get(`/api/v1/domains/${id}`).expect(200)).body.status).toBe('pending_validation');
    const completedBeforePublish = await jobCount('completed');

    await upstream.setTxt(zones.auto, `_scaidns-verify.${zones.auto}`, [
      challenge.body.dns_record.value as string,
    ]);
    const published = Date.now();
    const active = await waitFor('the zone to go active', 20_000, async () => {
      const detail = await api().get(`/api/v1/domains/${id}`).expect(200);
      return detail.body.status === 'active' ? detail.body : undefined;
    });
    const elapsed = Date.now() - published;
    process.stdout.write(
      `validation-jobs: TXT published -> zone active in ${elapsed} ms (re-check every ${RECHECK_INTERVAL_SECONDS} s)\n`,
    );

    expect(active).toMatchObject({ status: 'active', served: true });
    expect(elapsed).toBeLessThan((RECHECK_INTERVAL_SECONDS + 5) * 1000);
    expect(await scaidnsDns.resolveSoa(zones.auto)).toMatchObject({
      nsname: 'ns1.scaidns-e2e.test',
      hostmaster: `hostmaster.${zones.auto}`,
    });
    const templated = await waitFor('the template records', 5_000, async () => {
      const addresses = await scaidnsDns.resolve4(zones.auto).catch(() => undefined);
      return addresses?.length ? addresses : undefined;
    });
    expect(templated).toEqual(['192.0.2.80']);
    expect(await scaidnsDns.resolveCname(`www.${zones.auto}`)).toEqual([zones.auto]);
    expect(await jobCount('completed')).toBeGreaterThan(completedBeforePublish);
    expect(await jobCount('failed')).toBe(0);

    // The worker validated it as the system, inside the zone's tenant.
    const audit = await t.app
      .get(DataSource)
      .query<{ actor_type: string; tenant_id: string }[]>(
        'SELECT actor_type, tenant_id FROM audit_logs WHERE resource_id = ? AND action = ?',
        [id, 'domain.validation.success'],
      );
    expect(audit).toEqual([{ actor_type: 'system', tenant_id: created.body.tenant_id }]);
    const validations = await t.app
      .get(DataSource)
      .query<{ status: string }[]>('SELECT status FROM domain_validations WHERE domain_id = ?', [id]);
    expect(validations).toEqual([{ status: 'validated' }]);
  });

  it('should queue one check-now job per zone and run it in the zone tenant', async () => {
    const created = await api()
      .post('/api/v1/domains/', { name: zones.now, domain_type: 'primary' })
      .expect(201);
    const payload = { tenantId: created.body.tenant_id as string, domainId: created.body.id as string };
    const producer = t.app.get(ValidationJobsProducer);

    // Deduplicated by job id while one waits: two requests, one delayed job.
    expect(await producer.checkNow(payload, 60_000)).toBe(true);
    expect(await producer.checkNow(payload, 60_000)).toBe(true);
    const delayed = (await queue.getDelayed()).filter((job) => job.name === ValidationJobName.CheckNow);
    expect(delayed.map((job) => job.id)).toEqual([checkNowJobId(payload.domainId)]);
    expect(delayed[0].data).toEqual(payload);

    // Run it now: the TXT record is not published, so the check fails with the documented message.
    const finished = nextFinished(ValidationJobName.CheckNow);
    await delayed[0].promote();
    const { result, error } = await finished;
    expect(error).toBeUndefined();
    expect(result).toMatchObject({
      is_valid: false,
      message: `No DNS record found for _scaidns-verify.${zones.now}`,
    });
    const validation = await api().get(`/api/v1/domains/${payload.domainId}/validation`).expect(200);
    expect(validation.body).toMatchObject({
      status: 'failed',
      last_message: `No DNS record found for _scaidns-verify.${zones.now}`,
    });
    // Removed once done, so the zone can be queued again.
    expect(await queue.getJob(checkNowJobId(payload.domainId))).toBeUndefined();

    // A zone of another tenant (wrong tenantId in the payload) is skipped, never checked.
    const skipped = nextFinished(ValidationJobName.CheckNow);
    expect(await producer.checkNow({ ...payload, tenantId: '00000000-0000-4000-8000-000000000000' })).toBe(
      true,
    );
    expect((await skipped).result).toEqual({
      skipped: 'the domain is not pending validation or has no open challenge',
    });
  });

  it('should fail a job of an unknown name at once, without retries, and count it', async () => {
    const failedBefore = await jobCount('failed');
    const finished = nextFinished('validation.no-such-job');
    await queue.add('validation.no-such-job', {}, { attempts: 3 });
    const { job, error } = await finished;
    expect(error?.message).toBe('No handler for job "validation.no-such-job" on queue "validation"');
    expect(job.attemptsMade).toBe(1);
    expect(await job.getState()).toBe('failed');
    expect(await jobCount('failed')).toBe(failedBefore + 1);
  });

  it('should stop its BullMQ worker when closed', async () => {
    const bullWorker = worker!.context.get(ValidationRecheckProcessor).worker;
    expect(bullWorker.isRunning()).toBe(true);
    await worker!.close();
    worker = undefined;
    expect(bullWorker.isRunning()).toBe(false);
    expect(bullWorker.closing).toBeDefined();
  });
});
