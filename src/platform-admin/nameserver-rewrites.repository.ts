import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import {
  ACTIVE_REWRITE_SLOT,
  NameserverRewriteEntity,
  RewriteStatus,
  RewriteZoneError,
  UNFINISHED_REWRITE_STATUSES,
} from 'src/platform-admin/entities/nameserver-rewrite.entity';

export interface RewriteProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  errors: RewriteZoneError[];
}

@Injectable()
export class NameserverRewritesRepository {
  constructor(
    @InjectRepository(NameserverRewriteEntity) private readonly rewrites: Repository<NameserverRewriteEntity>,
    @InjectRepository(DomainEntity) private readonly domains: Repository<DomainEntity>,
  ) {}

  findById(id: string): Promise<NameserverRewriteEntity | null> {
    return this.rewrites.findOneBy({ id });
  }

  list(page: PageRequest): Promise<[NameserverRewriteEntity[], number]> {
    return this.rewrites.findAndCount({
      order: { createdAt: 'DESC' },
      skip: page.offset,
      take: page.pageSize,
    });
  }

  /** The unfinished rewrite, if any, locked until the transaction ends. */
  findUnfinishedForUpdate(manager: EntityManager): Promise<NameserverRewriteEntity | null> {
    return manager
      .getRepository(NameserverRewriteEntity)
      .createQueryBuilder('rewrite')
      .setLock('pessimistic_write')
      .where('rewrite.active_slot = :slot', { slot: ACTIVE_REWRITE_SLOT })
      .getOne();
  }

  /** True when the row has not moved for `seconds` (database clock on both sides). */
  async isIdleFor(manager: EntityManager, id: string, seconds: number): Promise<boolean> {
    const rows: { idle: number | string }[] = await manager.query(
      'SELECT (updated_at < NOW(3) - INTERVAL ? SECOND) AS idle FROM nameserver_rewrites WHERE id = ?',
      [seconds, id],
    );
    return Number(rows[0]?.idle ?? 0) === 1;
  }

  /** Inserting a second unfinished rewrite fails on UQ_NAMESERVER_REWRITES_ACTIVE_SLOT (a duplicate-key error). */
  insert(manager: EntityManager, fields: Partial<NameserverRewriteEntity>): Promise<NameserverRewriteEntity> {
    const repo = manager.getRepository(NameserverRewriteEntity);
    return repo.save(repo.create({ ...fields, status: 'queued', activeSlot: ACTIVE_REWRITE_SLOT }));
  }

  /** Published zones of every tenant (what a rewrite will touch). */
  countPublishedZones(): Promise<number> {
    return this.domains.countBy({ published: true });
  }

  /**
   * Queued or running → running, counters reset (a retried job starts over: rewriting a zone twice is harmless).
   * False when the rewrite is finished or was abandoned meanwhile: then there is nothing to run.
   */
  async start(id: string, total: number): Promise<boolean> {
    const result = await this.rewrites
      .createQueryBuilder()
      .update(NameserverRewriteEntity)
      .set({
        status: 'running',
        total,
        done: 0,
        failed: 0,
        skipped: 0,
        errors: null,
        startedAt: () => 'COALESCE(started_at, NOW(3))',
      })
      .where({ id, status: In(UNFINISHED_REWRITE_STATUSES) })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Progress of a running rewrite; false when it is no longer running (abandoned by the API: stop). */
  async report(id: string, progress: RewriteProgress): Promise<boolean> {
    const result = await this.rewrites
      .createQueryBuilder()
      .update(NameserverRewriteEntity)
      .set({ ...progress, errors: progress.errors.length > 0 ? progress.errors : null })
      .where({ id, status: 'running' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Final state; frees the active slot. No-op (false) when the rewrite was already finished. */
  async finish(
    id: string,
    status: Extract<RewriteStatus, 'completed' | 'completed_with_errors' | 'failed'>,
    message: string | null,
    progress?: RewriteProgress,
    manager?: EntityManager,
  ): Promise<boolean> {
    const repo = manager ? manager.getRepository(NameserverRewriteEntity) : this.rewrites;
    const result = await repo
      .createQueryBuilder()
      .update(NameserverRewriteEntity)
      .set({
        ...(progress ? { ...progress, errors: progress.errors.length > 0 ? progress.errors : null } : {}),
        status,
        message: message === null ? null : message.slice(0, 1024),
        activeSlot: null,
        finishedAt: () => 'NOW(3)',
      })
      .where({ id, status: In(UNFINISHED_REWRITE_STATUSES) })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
