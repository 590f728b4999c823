import { QueueName } from 'src/jobs/queue-names';

/** The sync queue (registered by JobsModule with every queue of QueueName). */
export const SYNC_QUEUE = QueueName.Sync;

/** Job names of the sync queue. */
export const ScaiKeySyncJobName = {
  /** Repeatable, every SCAIKEY_SYNC_INTERVAL seconds: full sync, then pruning of old webhook event ids. */
  Scheduled: 'scaikey-sync.scheduled',
  /** One-off, from `POST /api/v1/admin/sync`. */
  Manual: 'scaikey-sync.manual',
} as const;

export type ScheduledSyncPayload = Record<string, never>;

export interface ManualSyncPayload {
  /** ScaiKey id, slug or ScaiDNS id of the one tenant to sync; null for all. */
  tenant: string | null;
  dryRun: boolean;
  /** ScaiDNS user id (or API key id) of whoever asked. */
  requestedBy: string | null;
}

/** Payload of each job name of the sync queue. */
export interface ScaiKeySyncJobs {
  [ScaiKeySyncJobName.Scheduled]: ScheduledSyncPayload;
  [ScaiKeySyncJobName.Manual]: ManualSyncPayload;
}

/** How long webhook event ids are remembered for deduplication. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;
