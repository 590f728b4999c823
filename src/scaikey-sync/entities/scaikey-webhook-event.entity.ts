import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from 'src/database/timestamp-columns';

export type WebhookOutcome = 'processed' | 'ignored' | 'failed';

/**
 * One ScaiKey webhook event ScaiDNS has handled, by event id, with its outcome: a redelivery of the same id is
 * answered with this outcome instead of being processed again. Rows older than the retention period are pruned by
 * the scheduled sync.
 */
@Entity('scaikey_webhook_events')
export class ScaiKeyWebhookEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 128 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: WebhookOutcome;

  /** The `message` of the answer ScaiKey received. */
  @Column({ type: 'varchar', length: 1024 })
  message: string;

  @Index('IDX_SCAIKEY_WEBHOOK_EVENTS_RECEIVED_AT')
  @CreatedAt('received_at')
  receivedAt: Date;
}
