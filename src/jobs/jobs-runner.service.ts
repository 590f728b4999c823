import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { BullRegistrar, WorkerHost, getQueueToken } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { JobProcessor } from 'src/jobs/job-processor';
import { JobScheduler, RegisteredSchedule } from 'src/jobs/job-scheduler.service';
import { JobsBootError } from 'src/jobs/jobs.errors';
import { ALL_QUEUES } from 'src/jobs/queue-names';
import { DiscoveredProcessor, queueCoverageProblems } from 'src/jobs/queue-coverage';

/** How long a stopping worker waits for its running jobs before it abandons them (BullMQ retries them later). */
const CLOSE_GRACE_MS = 25_000;

export interface WorkerStartReport {
  queues: string[];
  concurrency: number;
  schedules: RegisteredSchedule[];
}

/**
 * Starts job processing in the worker process, and only there: the API and the CLI load the same modules but never
 * call start(). Refuses to start (JobsBootError) when a queue has no processor; then registers the repeatable jobs
 * and starts one BullMQ worker per queue. On shutdown the workers stop first (running jobs finish), before Nest
 * closes the queues, Redis and the database they use.
 */
@Injectable()
export class JobsRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsRunner.name);
  private readonly workers: Worker[] = [];
  private started = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    private readonly registrar: BullRegistrar,
    private readonly scheduler: JobScheduler,
    private readonly config: AppConfig,
  ) {}

  /** The boot check alone: what would stop the worker from starting (empty when all is well). */
  problems(): string[] {
    return queueCoverageProblems(
      this.registeredQueueNames(),
      ALL_QUEUES,
      this.discoverProcessors().map(describeProcessor),
    );
  }

  async start(): Promise<WorkerStartReport> {
    if (this.started) {
      throw new Error('Job processing has already been started');
    }
    const problems = this.problems();
    if (problems.length > 0) {
      throw new JobsBootError(problems);
    }
    this.started = true;
    const processors = this.discoverProcessors() as JobProcessor<object>[];
    const schedules: RegisteredSchedule[] = [];
    for (const processor of processors) {
      schedules.push(
        ...(await this.scheduler.register(this.queue(processor.queueName), processor.schedules())),
      );
    }
    // Creates the BullMQ workers (not running: @QueueProcessor sets autorun false).
    this.registrar.register();
    for (const processor of processors) {
      this.run(processor.worker);
    }
    return {
      queues: processors.map((processor) => processor.queueName),
      concurrency: this.config.worker.concurrency,
      schedules,
    };
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (this.workers.length === 0) {
      return;
    }
    this.logger.log(
      `Stopping ${this.workers.length} queue worker(s)${signal ? ` on ${signal}` : ''}; running jobs finish first`,
    );
    const started = Date.now();
    await Promise.all(this.workers.map((worker) => this.close(worker)));
    this.logger.log(`Queue workers stopped in ${Date.now() - started} ms`);
  }

  private run(worker: Worker): void {
    worker.concurrency = this.config.worker.concurrency;
    let lastReport = 0;
    worker.on('error', (error) => {
      // A Redis outage repeats this every reconnect attempt: one line per 30 s is enough.
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        this.logger.error(`Worker of queue "${worker.name}": ${error.message}`);
      }
    });
    this.workers.push(worker);
    worker
      .run()
      .catch((error: unknown) =>
        this.logger.error(`Worker of queue "${worker.name}" stopped: ${String(error)}`),
      );
  }

  private async close(worker: Worker): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CLOSE_GRACE_MS);
    });
    try {
      if ((await Promise.race([worker.close(), grace])) === 'timeout') {
        this.logger.warn(
          `Queue "${worker.name}": running jobs did not finish within ${CLOSE_GRACE_MS} ms; closing anyway`,
        );
        await worker.close(true);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  private discoverProcessors(): WorkerHost[] {
    const instances = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    return [...new Set(instances)];
  }

  private registeredQueueNames(): string[] {
    const names = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is Queue => instance instanceof Queue)
      .map((queue) => queue.name);
    return [...new Set(names)];
  }
}

function describeProcessor(instance: WorkerHost): DiscoveredProcessor {
  const className = instance.constructor.name;
  return instance instanceof JobProcessor
    ? { className, queue: instance.queueName ?? null, jobNames: instance.jobNames }
    : { className, queue: null, jobNames: [] };
}
