import { DefaultJobOptions, QueueOptions, RedisOptions } from 'bullmq';
import { AppConfig } from 'src/config/app-config';

/** Finished jobs kept for inspection: enough to debug, bounded so Redis never grows without limit. */
export const KEEP_COMPLETED_JOBS = { count: 1000, age: 24 * 3600 } as const;
export const KEEP_FAILED_JOBS = { count: 5000, age: 7 * 24 * 3600 } as const;

/**
 * Connection options (never a shared client) so that BullMQ opens, owns and closes its own connections: a worker
 * needs a dedicated blocking connection, and `maxRetriesPerRequest: null` so a Redis restart pauses it instead of
 * failing its commands.
 */
export function bullConnectionOptions(redisUrl: string): RedisOptions {
  return { url: redisUrl, connectTimeout: 5000, maxRetriesPerRequest: null };
}

/** Defaults of every job: retries with exponential backoff from the configuration, bounded history. */
export function defaultJobOptions(config: AppConfig): DefaultJobOptions {
  return {
    attempts: config.worker.jobAttempts,
    backoff: { type: 'exponential', delay: config.worker.jobBackoffMs },
    removeOnComplete: KEEP_COMPLETED_JOBS,
    removeOnFail: KEEP_FAILED_JOBS,
  };
}

/**
 * Shared options of every queue and worker. Keys live under the deployment's Redis prefix (`scaidns:` gives
 * `scaidns:validation:...`), so deployments and test runs sharing one Redis never see each other's jobs.
 */
export function bullRootOptions(config: AppConfig): QueueOptions {
  return {
    connection: bullConnectionOptions(config.redis.url),
    prefix: config.redis.keyPrefix.replace(/:+$/, '') || 'scaidns',
    defaultJobOptions: defaultJobOptions(config),
  };
}
