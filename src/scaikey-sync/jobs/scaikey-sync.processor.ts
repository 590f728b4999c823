import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobHandlers, JobProcessor, QueueProcessor, RepeatableJob } from 'src/jobs/job-processor';
import {
  ManualSyncPayload,
  SYNC_QUEUE,
  ScaiKeySyncJobName,
  ScaiKeySyncJobs,
  WEBHOOK_EVENT_RETENTION_DAYS,
} from 'src/scaikey-sync/jobs/scaikey-sync-jobs.payload';
import { SyncReport } from 'src/scaikey-sync/scaikey-sync-report';
import { ScaiKeySyncService } from 'src/scaikey-sync/scaikey-sync.service';
import { ScaiKeyWebhookEventsRepository } from 'src/scaikey-sync/scaikey-webhook-events.repository';

/** A manual sync waits this long for a running one (typically the scheduled run) before it gives up. */
const MANUAL_LOCK_WAIT_MS = 5 * 60_000;

/**
 * The sync queue: the scheduled full sync (every SCAIKEY_SYNC_INTERVAL seconds, none when 0; BullMQ also runs it
 * once when the worker starts) and syncs platform admins ask for. The job's result is the sync report.
 */
@QueueProcessor(SYNC_QUEUE)
export class ScaiKeySyncProcessor extends JobProcessor<ScaiKeySyncJobs> {
  private readonly logger = new Logger(ScaiKeySyncProcessor.name);

  protected readonly handlers: JobHandlers<ScaiKeySyncJobs> = {
    [ScaiKeySyncJobName.Scheduled]: () => this.scheduled(),
    [ScaiKeySyncJobName.Manual]: (payload) => this.manual(payload),
  };

  constructor(
    instrumentation: JobInstrumentation,
    private readonly sync: ScaiKeySyncService,
    private readonly webhookEvents: ScaiKeyWebhookEventsRepository,
    private readonly config: AppConfig,
  ) {
    super(instrumentation);
  }

  override schedules(): RepeatableJob<ScaiKeySyncJobs>[] {
    const seconds = this.config.scaikey.syncIntervalSeconds;
    if (seconds <= 0) {
      return [];
    }
    return [
      {
        id: ScaiKeySyncJobName.Scheduled,
        name: ScaiKeySyncJobName.Scheduled,
        everyMs: seconds * 1000,
        data: {},
      },
    ];
  }

  private async scheduled(): Promise<SyncReport> {
    // A run already in progress (a manual one, or another replica) does the same work: skip instead of queueing.
    const report = await this.sync.run({ waitForLockMs: 0 });
    const before = new Date(Date.now() - WEBHOOK_EVENT_RETENTION_DAYS * 86_400_000);
    const pruned = await this.webhookEvents.pruneOlderThan(before);
    if (pruned > 0) {
      this.logger.log(`Forgot ${pruned} webhook event id(s) older than ${WEBHOOK_EVENT_RETENTION_DAYS} days`);
    }
    return report;
  }

  private manual(payload: ManualSyncPayload): Promise<SyncReport> {
    if (typeof payload?.dryRun !== 'boolean') {
      throw new UnrecoverableError('scaikey-sync.manual needs {tenant, dryRun, requestedBy}');
    }
    return this.sync.run({
      tenant: payload.tenant,
      dryRun: payload.dryRun,
      waitForLockMs: MANUAL_LOCK_WAIT_MS,
    });
  }
}
