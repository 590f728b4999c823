import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { Page, PageQueryDto, pageRequest, toPage } from 'src/common/pagination/pagination';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { TransactionRunner } from 'src/database/transaction-runner';
import {
  AuthoritativeDomainsDto,
  NameserverRewriteJobDto,
  NameserversDto,
} from 'src/platform-admin/dto/admin-dns.dto';
import { NameserverRewriteEntity } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import { NameserverJobsProducer } from 'src/platform-admin/jobs/nameserver-jobs.producer';
import { NameserverRewritesRepository } from 'src/platform-admin/nameserver-rewrites.repository';
import { actorIdOf } from 'src/platform-admin/platform-admin.actor';
import {
  InvalidAuthoritativeDomainsError,
  InvalidNameserversError,
  RewriteInProgressError,
  RewriteJobNotFoundError,
  RewriteNotQueuedError,
} from 'src/platform-admin/platform-admin.errors';
import { toRewriteJobDto } from 'src/platform-admin/platform-admin.mapper';
import { AUTHORITATIVE_DOMAINS_KEY, NAMESERVERS_KEY } from 'src/platform-config/platform-config-keys';
import { parseDomainList, parseNameserverList } from 'src/platform-config/platform-config-values';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';

/**
 * An unfinished rewrite whose row has not moved for this long is taken as lost (its worker died, or the job never
 * reached one) and no longer blocks a new nameserver change. A running rewrite reports several times a second.
 */
export const ABANDON_AFTER_SECONDS = 600;

/** /admin/nameservers and /admin/authoritative-domains. */
@Injectable()
export class AdminNameserversService {
  private readonly logger = new Logger(AdminNameserversService.name);

  constructor(
    private readonly platform: PlatformConfigService,
    private readonly rewrites: NameserverRewritesRepository,
    private readonly producer: NameserverJobsProducer,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async nameservers(_context: RequestContext): Promise<NameserversDto> {
    return { nameservers: await this.platform.nameservers() };
  }

  /**
   * Stores the new list and queues the rewrite of every published zone's apex NS and SOA. One rewrite at a time
   * (409 while one is unfinished). Zones published from now on get the new list anyway, since publishing reads it.
   * Sending the list that is already in place runs the rewrite again (it repairs zones a rewrite failed on).
   */
  async replace(context: RequestContext, dto: NameserversDto): Promise<NameserverRewriteJobDto> {
    const parsed = parseNameserverList(dto.nameservers);
    if (!parsed.ok) {
      throw new InvalidNameserversError(parsed.error);
    }
    const { nameservers } = parsed;
    const actor = actorIdOf(context);
    const total = await this.rewrites.countPublishedZones();
    let rewrite: NameserverRewriteEntity;
    try {
      rewrite = await this.transactions.run(async (manager) => {
        const unfinished = await this.rewrites.findUnfinishedForUpdate(manager);
        if (unfinished) {
          if (!(await this.rewrites.isIdleFor(manager, unfinished.id, ABANDON_AFTER_SECONDS))) {
            throw new RewriteInProgressError(unfinished.id);
          }
          await this.rewrites.finish(
            unfinished.id,
            'failed',
            `Abandoned: no progress for ${ABANDON_AFTER_SECONDS / 60} minutes; a newer nameserver change replaced it`,
            undefined,
            manager,
          );
          this.logger.warn(
            `Nameserver rewrite ${unfinished.id} made no progress for ${ABANDON_AFTER_SECONDS} s; abandoned`,
          );
        }
        const previous = await this.platform.nameservers();
        await this.platform.store(NAMESERVERS_KEY, JSON.stringify(nameservers), actor, manager);
        const row = await this.rewrites.insert(manager, {
          nameservers,
          previousNameservers: previous,
          total,
          requestedBy: actor,
        });
        await this.audit.record(
          context,
          {
            action: 'platform.nameservers.update',
            resourceType: 'platform_config',
            resourceId: NAMESERVERS_KEY,
            resourceName: NAMESERVERS_KEY,
            before: { nameservers: previous },
            after: { nameservers },
            extra: { job_id: row.id, zones: total },
            tenantId: null,
          },
          manager,
        );
        return row;
      });
    } catch (error) {
      // Two changes at once: the unique active slot (or the locks around it) let only one of them through.
      if (isDuplicateKeyError(error) || isDeadlock(error)) {
        throw new RewriteInProgressError(null);
      }
      throw error;
    }
    try {
      await this.producer.rewrite(rewrite.id);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.rewrites.finish(rewrite.id, 'failed', `Could not be queued: ${reason}`);
      throw new RewriteNotQueuedError(rewrite.id, reason);
    }
    return toRewriteJobDto(rewrite);
  }

  async job(_context: RequestContext, jobId: string): Promise<NameserverRewriteJobDto> {
    const row = await this.rewrites.findById(jobId);
    if (!row) {
      throw new RewriteJobNotFoundError();
    }
    return toRewriteJobDto(row);
  }

  async jobs(_context: RequestContext, query: PageQueryDto): Promise<Page<NameserverRewriteJobDto>> {
    const page = pageRequest(query);
    const [rows, total] = await this.rewrites.list(page);
    return toPage(rows.map(toRewriteJobDto), total, page);
  }

  async authoritativeDomains(_context: RequestContext): Promise<AuthoritativeDomainsDto> {
    return { domains: await this.platform.authoritativeDomains() };
  }

  /** Replaces the list (informational: ScaiDNS has no zone transfers to check against it). */
  async replaceAuthoritativeDomains(
    context: RequestContext,
    dto: AuthoritativeDomainsDto,
  ): Promise<AuthoritativeDomainsDto> {
    const parsed = parseDomainList(dto.domains);
    if (!parsed.ok) {
      throw new InvalidAuthoritativeDomainsError(parsed.error);
    }
    const { domains } = parsed;
    await this.transactions.run(async (manager) => {
      const previous = await this.platform.authoritativeDomains();
      await this.platform.store(
        AUTHORITATIVE_DOMAINS_KEY,
        JSON.stringify(domains),
        actorIdOf(context),
        manager,
      );
      await this.audit.record(
        context,
        {
          action: 'platform.authoritative_domains.update',
          resourceType: 'platform_config',
          resourceId: AUTHORITATIVE_DOMAINS_KEY,
          resourceName: AUTHORITATIVE_DOMAINS_KEY,
          before: { domains: previous },
          after: { domains },
          tenantId: null,
        },
        manager,
      );
    });
    return { domains };
  }
}

/** MariaDB's ER_LOCK_DEADLOCK: InnoDB rolled this transaction back to let a concurrent one through. */
function isDeadlock(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return driverError.code === 'ER_LOCK_DEADLOCK' || driverError.driverError?.code === 'ER_LOCK_DEADLOCK';
}
