import { Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { MetricsService } from 'src/metrics/metrics.service';

export type JobRunStatus = 'completed' | 'retrying' | 'failed';

/**
 * Wraps every job run with the worker metrics (`scaidns_worker_jobs_total{queue,status}`,
 * `scaidns_worker_jobs_duration_seconds{queue}`) and one log line per outcome. A failure is `retrying` while BullMQ
 * will try the job again and `failed` on its last try (or when it is unrecoverable).
 */
@Injectable()
export class JobInstrumentation {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly metrics: MetricsService) {}

  async run<T>(queue: string, job: Job, work: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const attempts = job.opts.attempts ?? 1;
    const label = `${queue}/${job.name} #${job.id ?? '?'} (try ${job.attemptsMade + 1}/${attempts})`;
    const elapsedMs = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    this.logger.debug(`${label} started`);
    try {
      const result = await work();
      this.count(queue, 'completed', started);
      this.logger.debug(`${label} completed in ${elapsedMs()} ms`);
      return result;
    } catch (error) {
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts;
      this.count(queue, final ? 'failed' : 'retrying', started);
      const message = `${label} ${final ? 'failed' : 'failed, will retry'} after ${elapsedMs()} ms: ${describe(error)}`;
      if (final) {
        // An unrecoverable error is a known refusal (bad payload, unknown job): its stack says nothing more.
        this.logger.error(
          message,
          error instanceof Error && !(error instanceof UnrecoverableError) ? error.stack : undefined,
        );
      } else {
        this.logger.warn(message);
      }
      throw error;
    }
  }

  private count(queue: string, status: JobRunStatus, started: bigint): void {
    this.metrics.workerJobs.inc({ queue, status });
    this.metrics.workerJobDuration.observe({ queue }, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
