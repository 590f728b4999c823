import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { AppException } from 'src/common/errors/app.exception';
import {
  SyncJobAcceptedDto,
  SyncJobDto,
  SyncReportDto,
  TriggerSyncDto,
} from 'src/scaikey-sync/dto/sync-job.dto';
import {
  ManualSyncPayload,
  SYNC_QUEUE,
  ScaiKeySyncJobName,
} from 'src/scaikey-sync/jobs/scaikey-sync-jobs.payload';
import { SyncJobNotFoundError } from 'src/scaikey-sync/scaikey-sync.errors';

/** How long a request waits for Redis before it answers 503. */
const QUEUE_TIMEOUT_MS = 3000;

/** Platform admins' on-demand syncs: queued for the worker, followed by job id. */
@Injectable()
export class ScaiKeySyncJobsProducer {
  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly audit: AuditService,
  ) {}

  async trigger(context: RequestContext, dto: TriggerSyncDto): Promise<SyncJobAcceptedDto> {
    const payload: ManualSyncPayload = {
      tenant: dto.tenant ?? null,
      dryRun: dto.dry_run ?? false,
      requestedBy: context.principal?.userId ?? context.principal?.apiKeyId ?? null,
    };
    // One try: a failed manual sync is reported to whoever asked rather than retried behind their back.
    const job = await withTimeout(this.queue.add(ScaiKeySyncJobName.Manual, payload, { attempts: 1 }));
    await this.audit.record(context, {
      action: 'sync.trigger',
      resourceType: 'sync',
      resourceId: job.id ?? null,
      tenantId: null,
      extra: { tenant: payload.tenant, dry_run: payload.dryRun },
    });
    return { job_id: job.id!, status: 'queued' };
  }

  async status(_context: RequestContext, jobId: string): Promise<SyncJobDto> {
    const job = /^[\w:-]{1,128}$/.test(jobId) ? await withTimeout(this.queue.getJob(jobId)) : undefined;
    if (!job || !Object.values(ScaiKeySyncJobName).includes(job.name as never)) {
      throw new SyncJobNotFoundError();
    }
    const state = await withTimeout(job.getState());
    const payload = (job.data ?? {}) as Partial<ManualSyncPayload>;
    return {
      job_id: job.id!,
      status: state,
      trigger: job.name === ScaiKeySyncJobName.Manual ? 'manual' : 'scheduled',
      tenant: payload.tenant ?? null,
      dry_run: payload.dryRun ?? false,
      requested_at: new Date(job.timestamp).toISOString(),
      finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      report: state === 'completed' ? ((job as Job<unknown, SyncReportDto>).returnvalue ?? null) : null,
      error: state === 'failed' ? (job.failedReason ?? 'failed') : null,
    };
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppException(503, 'The job queue (Redis) is unavailable', 'QUEUE_UNAVAILABLE')),
      QUEUE_TIMEOUT_MS,
    );
  });
  void work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
