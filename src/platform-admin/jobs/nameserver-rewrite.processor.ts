import { Job, UnrecoverableError } from 'bullmq';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobHandlers, JobProcessor, QueueProcessor } from 'src/jobs/job-processor';
import {
  NAMESERVERS_QUEUE,
  NameserverJobName,
  NameserverJobs,
  RewritePayload,
} from 'src/platform-admin/jobs/nameserver-jobs.payload';
import { NameserverRewriter, RewriteRunResult } from 'src/platform-admin/jobs/nameserver-rewriter.service';

/**
 * The nameservers queue: rewrites every published zone after PUT /admin/nameservers. Failures of single zones are
 * part of the result, not job failures; the job itself fails only when the rewrite cannot run at all (database
 * down), and is then retried from the start (rewriting a zone twice is harmless). On its last try the rewrite is
 * marked failed, so pollers see the outcome.
 */
@QueueProcessor(NAMESERVERS_QUEUE)
export class NameserverRewriteProcessor extends JobProcessor<NameserverJobs> {
  protected readonly handlers: JobHandlers<NameserverJobs> = {
    [NameserverJobName.Rewrite]: (payload, job) => this.rewrite(payload, job),
  };

  constructor(
    instrumentation: JobInstrumentation,
    private readonly rewriter: NameserverRewriter,
  ) {
    super(instrumentation);
  }

  private async rewrite(payload: RewritePayload, job: Job<RewritePayload>): Promise<RewriteRunResult> {
    if (typeof payload?.rewriteId !== 'string' || payload.rewriteId === '') {
      throw new UnrecoverableError('nameservers.rewrite needs {rewriteId}');
    }
    try {
      return await this.rewriter.run(payload.rewriteId);
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        const reason = error instanceof Error ? error.message : String(error);
        await this.rewriter.fail(payload.rewriteId, `The rewrite stopped: ${reason}`).catch(() => undefined);
      }
      throw error;
    }
  }
}
