import { randomBytes } from 'node:crypto';
import { Injectable, ModuleMetadata } from '@nestjs/common';
import { BullModule, Processor, WorkerHost, getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import { Job, Queue, QueueEvents } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { loadConfig } from 'src/config/load-config';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobHandlers, JobProcessor, QueueProcessor } from 'src/jobs/job-processor';
import { JobsRunner } from 'src/jobs/jobs-runner.service';
import { JobsBootError } from 'src/jobs/jobs.errors';
import { JobsModule } from 'src/jobs/jobs.module';
import { ALL_QUEUES, QueueName } from 'src/jobs/queue-names';
import { MetricsModule } from 'src/metrics/metrics.module';
import { MetricsService } from 'src/metrics/metrics.service';
import { testStack } from 'test/utils/test-stack';

// The project-level testTimeout of jest.config.js is not applied by Jest 30 (global option only).
jest.setTimeout(60_000);

interface PingJobs {
  ping: { word: string };
  boom: Record<string, never>;
}

/** A JobProcessor class for one queue, named after it (the boot check reports processors by class name). */
function pingProcessorFor(queue: QueueName, className = `Ping_${queue}`) {
  @Injectable()
  @QueueProcessor(queue)
  class PingProcessor extends JobProcessor<PingJobs> {
    protected readonly handlers: JobHandlers<PingJobs> = {
      ping: ({ word }) => Promise.resolve(`pong ${word}`),
      boom: () => Promise.reject(new Error('boom')),
    };

    constructor(instrumentation: JobInstrumentation) {
      super(instrumentation);
    }
  }
  Object.defineProperty(PingProcessor, 'name', { value: className });
  return PingProcessor;
}

/** One processor per queue of QueueName: what a complete worker has. */
const everyQueue = () => ALL_QUEUES.map((queue) => pingProcessorFor(queue));

@Injectable()
@Processor(QueueName.Validation, { autorun: false })
class PlainProcessor extends WorkerHost {
  process(job: Job): Promise<string> {
    return Promise.resolve(job.name);
  }
}

/** JobsModule alone (plus what it needs) with the given extra imports and providers, on a fresh Redis prefix. */
async function jobsApp(metadata: Pick<ModuleMetadata, 'imports' | 'providers'>): Promise<TestingModule> {
  const stack = testStack();
  const config = loadConfig({
    ENVIRONMENT: 'development',
    LOG_LEVEL: 'error',
    REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: `e2e:${stack.runId}:worker-${randomBytes(4).toString('hex')}:`,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, MetricsModule, JobsModule, ...(metadata.imports ?? [])],
    providers: metadata.providers ?? [],
  })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

describe('Worker boot check (e2e, real Redis)', () => {
  let app: TestingModule | undefined;

  afterEach(async () => {
    for (const name of ALL_QUEUES) {
      await app?.get<Queue>(getQueueToken(name)).obliterate({ force: true });
    }
    await app?.close();
    app = undefined;
  });

  it('should refuse to start when a queue of QueueName has no processor', async () => {
    app = await jobsApp({ providers: everyQueue().slice(1) });
    const start = app.get(JobsRunner).start();
    await expect(start).rejects.toBeInstanceOf(JobsBootError);
    await expect(start).rejects.toMatchObject({ problems: [`queue "${ALL_QUEUES[0]}" has no processor`] });
  });

  it('should refuse to start when another registered queue has no processor, and start no worker', async () => {
    const processors = everyQueue();
    app = await jobsApp({ imports: [BullModule.registerQueue({ name: 'orphan' })], providers: processors });
    await expect(app.get(JobsRunner).start()).rejects.toMatchObject({
      problems: ['queue "orphan" has no processor'],
    });
    for (const processor of processors) {
      expect(() => app!.get(processor).worker).toThrow();
    }
  });

  it('should refuse two processors of one queue and a processor that is not a JobProcessor', async () => {
    app = await jobsApp({
      providers: [
        ...everyQueue(),
        pingProcessorFor(QueueName.Validation, 'SecondValidationProcessor'),
        PlainProcessor,
      ],
    });
    await expect(app.get(JobsRunner).start()).rejects.toMatchObject({
      problems: [
        'queue "validation" has 2 processors (Ping_validation, SecondValidationProcessor); it needs exactly one',
        'PlainProcessor does not extend JobProcessor with @QueueProcessor (no job-name check, no metrics)',
      ],
    });
  });

  it('should start when every queue has its processor: nothing runs before start, undeclared schedulers go, jobs are counted', async () => {
    app = await jobsApp({ providers: everyQueue() });
    const queue = app.get<Queue>(getQueueToken(QueueName.Validation));
    const events = new QueueEvents(QueueName.Validation, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
    });
    try {
      await events.waitUntilReady();
      const early = await queue.add('ping', { word: 'early' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await early.getState()).toBe('waiting');

      // A scheduler no processor declares (e.g. a schedule switched off in the configuration) goes at start.
      const dnssec = app.get<Queue>(getQueueToken(QueueName.Dnssec));
      await dnssec.upsertJobScheduler(
        'switched-off',
        { every: 3_600_000, startDate: Date.now() + 3_600_000 },
        { name: 'ping', data: { word: 'stale' } },
      );
      expect(await dnssec.getJobSchedulersCount()).toBe(1);

      expect(app.get(JobsRunner).problems()).toEqual([]);
      await expect(app.get(JobsRunner).start()).resolves.toEqual({
        queues: [...ALL_QUEUES],
        concurrency: 10,
        schedules: [],
      });
      expect(await dnssec.getJobSchedulersCount()).toBe(0);
      expect(await dnssec.getDelayedCount()).toBe(0);
      expect(await early.waitUntilFinished(events, 10_000)).toBe('pong early');
      const later = await queue.add('ping', { word: 'later' });
      expect(await later.waitUntilFinished(events, 10_000)).toBe('pong later');

      // A failing job is retried (from the configured defaults, overridden here) and counted per outcome.
      const boom = await queue.add('boom', {}, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
      await expect(boom.waitUntilFinished(events, 10_000)).rejects.toThrow('boom');
      expect(await queue.getJob(boom.id!).then((job) => job?.attemptsMade)).toBe(2);

      const counted = (await app.get(MetricsService).workerJobs.get()).values;
      expect(counted).toEqual(
        expect.arrayContaining([
          { labels: { queue: QueueName.Validation, status: 'completed' }, value: 2 },
          { labels: { queue: QueueName.Validation, status: 'retrying' }, value: 1 },
          { labels: { queue: QueueName.Validation, status: 'failed' }, value: 1 },
        ]),
      );
      expect(counted).toHaveLength(3);
      await expect(app.get(JobsRunner).start()).rejects.toThrow('already been started');
    } finally {
      await events.close();
    }
  });
});
