import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import {
  NAMESERVERS_QUEUE,
  NameserverJobName,
  RewritePayload,
} from 'src/platform-admin/jobs/nameserver-jobs.payload';

/** How long a request waits for Redis to take the job. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** Adds nameserver rewrites from the API; the worker runs them (NameserverRewriteProcessor). */
@Injectable()
export class NameserverJobsProducer {
  constructor(@InjectQueue(NAMESERVERS_QUEUE) private readonly queue: Queue) {}

  /** Queues the rewrite (job id = rewrite id, so queuing one twice is a no-op). Rejects when Redis does not take it. */
  async rewrite(rewriteId: string): Promise<void> {
    const payload: RewritePayload = { rewriteId };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    const added = this.queue.add(NameserverJobName.Rewrite, payload, { jobId: rewriteId });
    // After a timeout the add may still settle; its outcome no longer matters.
    void added.catch(() => undefined);
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
