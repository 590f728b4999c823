import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export const REWRITE_STATUSES = [
  'queued',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
] as const;
export type RewriteStatus = (typeof REWRITE_STATUSES)[number];

/** Statuses of a rewrite that is not finished: at most one row holds one (see `activeSlot`). */
export const UNFINISHED_REWRITE_STATUSES: readonly RewriteStatus[] = ['queued', 'running'];

/** Value of `activeSlot` while a rewrite is queued or running. */
export const ACTIVE_REWRITE_SLOT = 'active';

/** A zone the rewrite could not update, and why. */
export interface RewriteZoneError {
  domain_id: string;
  domain: string;
  error: string;
}

/**
 * One run of "rewrite every published zone's apex NS and SOA" after the platform nameservers changed
 * (PUT /admin/nameservers). The worker updates the counters as it goes, so the API can report progress.
 */
@Entity('nameserver_rewrites')
@Index('IDX_NAMESERVER_REWRITES_CREATED_AT', ['createdAt'])
export class NameserverRewriteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 24 })
  status: RewriteStatus;

  /**
   * `active` while queued or running, NULL once finished. The unique index lets only one rewrite be unfinished at a
   * time, across API instances, without a separate lock.
   */
  @Index('UQ_NAMESERVER_REWRITES_ACTIVE_SLOT', { unique: true })
  @Column({ name: 'active_slot', type: 'varchar', length: 8, nullable: true })
  activeSlot: string | null;

  /** The list written into every zone (absolute host names; the first is the SOA primary). */
  @Column({ type: 'json' })
  nameservers: string[];

  @Column({ name: 'previous_nameservers', type: 'json' })
  previousNameservers: string[];

  /** Published zones when the rewrite started (when it was queued, until then). */
  @Column({ name: 'total_count', type: 'int', default: 0 })
  total: number;

  /** Zones rewritten. */
  @Column({ name: 'done_count', type: 'int', default: 0 })
  done: number;

  @Column({ name: 'failed_count', type: 'int', default: 0 })
  failed: number;

  /** Zones that were no longer published when their turn came (hard-deleted meanwhile): nothing to rewrite. */
  @Column({ name: 'skipped_count', type: 'int', default: 0 })
  skipped: number;

  @Column({ type: 'json', nullable: true })
  errors: RewriteZoneError[] | null;

  /** Why the whole rewrite failed (status `failed`), e.g. it could not be queued or was abandoned. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  message: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 64, nullable: true })
  requestedBy: string | null;

  @CreatedAt()
  createdAt: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  /** Moves with every progress report: a rewrite whose row stopped moving long ago was abandoned. */
  @UpdatedAt()
  updatedAt: Date;
}
