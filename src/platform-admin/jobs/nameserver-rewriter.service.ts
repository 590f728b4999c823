import { Injectable, Logger } from '@nestjs/common';
import { AppException } from 'src/common/errors/app.exception';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { UNFINISHED_REWRITE_STATUSES } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import {
  NameserverRewritesRepository,
  RewriteProgress,
} from 'src/platform-admin/nameserver-rewrites.repository';

/**
 * Zones rewritten at the same time. PowerDNS serialises writes per zone (and ScaiDNS's zone lock does too), so
 * parallelism only helps across zones; a small bound keeps PowerDNS and the database pool responsive for everyone
 * else while a rewrite runs.
 */
export const REWRITE_CONCURRENCY = 8;

/** Progress is written to the rewrite's row at most this often (and once at the end). */
const REPORT_EVERY_MS = 100;

export type RewriteRunResult =
  | {
      status: 'completed' | 'completed_with_errors';
      total: number;
      done: number;
      failed: number;
      skipped: number;
      elapsed_ms: number;
    }
  | { status: 'not_run'; reason: string };

/**
 * Rewrites the apex NS and SOA of every published zone (active, inactive and soft-deleted alike: all of them are in
 * PowerDNS) with a rewrite's nameserver list. Each zone is its own unit: its row is locked like any other write to
 * the zone (so a concurrent deactivate or delete is not undone by a stale copy), and a zone that fails is recorded
 * in `errors` while the others go on.
 */
@Injectable()
export class NameserverRewriter {
  private readonly logger = new Logger(NameserverRewriter.name);

  constructor(
    private readonly rewrites: NameserverRewritesRepository,
    private readonly domains: DomainsRepository,
    private readonly publisher: ZonePublisher,
    private readonly transactions: TransactionRunner,
  ) {}

  async run(rewriteId: string): Promise<RewriteRunResult> {
    const rewrite = await this.rewrites.findById(rewriteId);
    if (!rewrite) {
      return { status: 'not_run', reason: 'no such rewrite' };
    }
    if (!UNFINISHED_REWRITE_STATUSES.includes(rewrite.status)) {
      return { status: 'not_run', reason: `the rewrite is already ${rewrite.status}` };
    }
    const started = Date.now();
    const zones = await this.domains.findAllPublished();
    if (!(await this.rewrites.start(rewriteId, zones.length))) {
      return { status: 'not_run', reason: 'the rewrite finished or was abandoned meanwhile' };
    }
    const progress: RewriteProgress = { total: zones.length, done: 0, failed: 0, skipped: 0, errors: [] };
    const reporter = new ProgressReporter(() => this.rewrites.report(rewriteId, snapshot(progress)));
    let next = 0;
    let abandoned = false;
    const lane = async (): Promise<void> => {
      while (!abandoned && next < zones.length) {
        const zone = zones[next++];
        try {
          progress[await this.rewriteZone(zone, rewrite.nameservers)]++;
        } catch (error) {
          progress.failed++;
          progress.errors.push({ domain_id: zone.id, domain: zone.name, error: describe(error) });
        }
        if (!(await reporter.maybeReport())) {
          abandoned = true;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REWRITE_CONCURRENCY, zones.length) }, lane));
    if (abandoned) {
      this.logger.warn(`Nameserver rewrite ${rewriteId} was abandoned while running; stopped`);
      return { status: 'not_run', reason: 'abandoned while running' };
    }
    const status = progress.failed > 0 ? 'completed_with_errors' : 'completed';
    await this.rewrites.finish(rewriteId, status, null, snapshot(progress));
    const elapsed = Date.now() - started;
    const summary = `${progress.done} rewritten, ${progress.failed} failed, ${progress.skipped} skipped of ${progress.total}`;
    if (progress.failed > 0) {
      this.logger.warn(`Nameserver rewrite ${rewriteId}: ${summary} in ${elapsed} ms`);
    } else {
      this.logger.log(`Nameserver rewrite ${rewriteId}: ${summary} in ${elapsed} ms`);
    }
    return {
      status,
      total: progress.total,
      done: progress.done,
      failed: progress.failed,
      skipped: progress.skipped,
      elapsed_ms: elapsed,
    };
  }

  /** Marks a rewrite failed as a whole (the job gave up). */
  async fail(rewriteId: string, message: string): Promise<void> {
    await this.rewrites.finish(rewriteId, 'failed', message);
  }

  private rewriteZone(zone: DomainEntity, nameservers: string[]): Promise<'done' | 'skipped'> {
    return this.transactions.run(async (manager) => {
      const row = await this.domains.lockInTenant(manager, zone.tenantId, zone.id);
      if (!row?.published) {
        return 'skipped';
      }
      await this.publisher.rewriteNameservers(row, nameservers);
      return 'done';
    });
  }
}

/**
 * Writes progress at most every REPORT_EVERY_MS, one write at a time. Answers false once the row refused a report
 * (the rewrite is no longer running: the API abandoned it).
 */
class ProgressReporter {
  private last = 0;
  private inFlight: Promise<boolean> | null = null;
  private running = true;

  constructor(private readonly write: () => Promise<boolean>) {}

  async maybeReport(): Promise<boolean> {
    if (this.inFlight || Date.now() - this.last < REPORT_EVERY_MS) {
      return this.running;
    }
    this.last = Date.now();
    this.inFlight = this.write();
    try {
      this.running = await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    return this.running;
  }
}

function snapshot(progress: RewriteProgress): RewriteProgress {
  return { ...progress, errors: [...progress.errors] };
}

function describe(error: unknown): string {
  if (error instanceof AppException) {
    if (typeof error.detail === 'string') {
      return error.detail;
    }
    const message = (error.detail as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
