import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import {
  CheckNowPayload,
  ValidationJobName,
  checkNowJobId,
} from 'src/domains/validation/jobs/validation-jobs.payload';
import { QueueName } from 'src/jobs/queue-names';

/** How long a request waits for Redis to take a job before it goes on without it. */
const ENQUEUE_TIMEOUT_MS = 2000;

/** Adds validation jobs from the API. The worker runs them (ValidationRecheckProcessor). */
@Injectable()
export class ValidationJobsProducer {
  private readonly logger = new Logger(ValidationJobsProducer.name);

  constructor(@InjectQueue(QueueName.Validation) private readonly queue: Queue) {}

  /**
   * Asks the worker to check one zone's challenge (after `delayMs`). Deduplicated per zone: while a check of the
   * zone waits or runs, this is a no-op. Best effort: the periodic re-check catches anything missed, so a Redis
   * problem is logged and reported as false instead of failing the caller's request.
   */
  async checkNow(payload: CheckNowPayload, delayMs = 0): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      const added = this.queue.add(ValidationJobName.CheckNow, payload, {
        jobId: checkNowJobId(payload.domainId),
        delay: delayMs,
        // Gone once done, so the next request for this zone can queue a new check.
        removeOnComplete: true,
        removeOnFail: true,
      });
      // After a timeout the add may still settle; its outcome no longer matters.
      void added.catch(() => undefined);
      await Promise.race([added, timeout]);
      return true;
    } catch (error) {
      this.logger.warn(`Could not queue a validation check of domain ${payload.domainId}: ${String(error)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
