import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainStateError } from 'src/domains/domains.errors';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import {
  OPEN_STATUSES,
  DomainValidationsRepository,
} from 'src/domains/validation/domain-validations.repository';
import { ValidationCheckResultDto, ValidationDto } from 'src/domains/validation/dto/validation.dto';
import {
  DomainValidationEntity,
  ValidationType,
} from 'src/domains/validation/entities/domain-validation.entity';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { OwnershipChecker } from 'src/dns-lookup/ownership-checker.service';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';
import { RecordsRepository } from 'src/records/records.repository';
import { ZoneActivationHooks } from 'src/domains/validation/zone-activation.hooks';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

export const CHALLENGE_LABEL = '_scaidns-verify';
export const CHALLENGE_PREFIX = 'scaidns-verify=';

/**
 * Proof that a zone belongs to its tenant before it goes live: a TXT challenge at `_scaidns-verify.<zone>` (or a
 * delegation to the platform's nameservers) checked against the zone's authoritative servers. Success flips the zone
 * to active and publishes it, with every record stored while it was pending.
 */
@Injectable()
export class DomainValidationService {
  private readonly logger = new Logger(DomainValidationService.name);

  constructor(
    private readonly validations: DomainValidationsRepository,
    private readonly domains: DomainsRepository,
    private readonly records: RecordsRepository,
    private readonly zones: ZoneLookupService,
    private readonly publisher: ZonePublisher,
    private readonly checker: OwnershipChecker,
    private readonly platform: PlatformConfigService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly hooks: ZoneActivationHooks,
  ) {}

  /** The first challenge of a new pending zone, created in the zone's own transaction. */
  async startForNewZone(
    context: RequestContext,
    domain: DomainEntity,
    manager: EntityManager,
  ): Promise<void> {
    const row = await this.newChallenge(domain, 'txt_record', manager);
    await this.audit.record(
      context,
      this.auditEntry('domain.validation.start', domain, { validation_id: row.id }),
      manager,
    );
  }

  async current(context: RequestContext, domainId: string): Promise<ValidationDto | null> {
    const { domain } = await this.zones.get(context, domainId, 'domains:read');
    const open = await this.validations.findOpen(domain.tenantId, domain.id);
    return open ? this.toDto(domain, open) : null;
  }

  async start(context: RequestContext, domainId: string, type: ValidationType): Promise<ValidationDto> {
    const { domain } = await this.zones.get(context, domainId, 'domains:update');
    this.assertPending(domain);
    const row = await this.transactions.run(async (manager) => {
      await this.zones.lock(manager, domain);
      await this.validations.closeOpen(domain.tenantId, domain.id, 'cancelled', manager);
      const created = await this.newChallenge(domain, type, manager);
      await this.audit.record(
        context,
        this.auditEntry('domain.validation.start', domain, {
          validation_id: created.id,
          validation_type: type,
        }),
        manager,
      );
      return created;
    });
    return this.toDto(domain, row);
  }

  async cancel(context: RequestContext, domainId: string): Promise<void> {
    const { domain } = await this.zones.get(context, domainId, 'domains:update');
    await this.transactions.run(async (manager) => {
      const open = await this.validations.findOpen(domain.tenantId, domain.id, manager);
      if (!open) {
        throw new DomainStateError('This domain has no open validation');
      }
      await this.validations.closeOpen(domain.tenantId, domain.id, 'cancelled', manager);
      await this.audit.record(
        context,
        this.auditEntry('domain.validation.cancel', domain, { validation_id: open.id }),
        manager,
      );
    });
  }

  async check(context: RequestContext, domainId: string): Promise<ValidationCheckResultDto> {
    const { domain } = await this.zones.get(context, domainId, 'domains:update');
    this.assertPending(domain);
    const open = await this.validations.findLatest(domain.tenantId, domain.id);
    if (!open || !OPEN_STATUSES.includes(open.status)) {
      const expired = open?.status === 'expired' || (open !== null && open.expiresAt <= new Date());
      throw new DomainStateError(
        expired
          ? 'The validation challenge has expired; start a new one'
          : 'This domain has no open validation; start one',
      );
    }
    return this.runCheck(context, domain, open);
  }

  /** Background re-check of open challenges, so a published TXT record takes the zone live without a call. */
  async recheckDue(limit: number): Promise<{ checked: number; validated: number; expired: number }> {
    const expired = await this.validations.expireOverdue();
    let validated = 0;
    const due = await this.validations.findDueForRecheck(limit);
    for (const open of due) {
      const domain = await this.domains.findInTenant(open.tenantId, open.domainId);
      if (!domain || domain.status !== 'pending_validation') {
        continue;
      }
      try {
        const result = await this.runCheck(
          RequestContext.system(open.tenantId, 'validation-recheck'),
          domain,
          open,
        );
        validated += result.is_valid ? 1 : 0;
      } catch (error) {
        this.logger.warn(`Re-check of ${domain.name} failed: ${String(error)}`);
      }
    }
    return { checked: due.length, validated, expired };
  }

  /** Checks one zone's open challenge as the system (background jobs); null when there is nothing to check. */
  async checkAsSystem(
    tenantId: string,
    domainId: string,
    requestId: string,
  ): Promise<ValidationCheckResultDto | null> {
    const domain = await this.domains.findInTenant(tenantId, domainId);
    const open =
      domain?.status === 'pending_validation' ? await this.validations.findOpen(tenantId, domainId) : null;
    return domain && open ? this.runCheck(RequestContext.system(tenantId, requestId), domain, open) : null;
  }

  async forgetZone(domain: DomainEntity, manager: EntityManager): Promise<void> {
    await this.validations.deleteForZone(domain.tenantId, domain.id, manager);
  }

  private async runCheck(
    context: RequestContext,
    domain: DomainEntity,
    open: DomainValidationEntity,
  ): Promise<ValidationCheckResultDto> {
    if (open.expiresAt <= new Date()) {
      await this.validations.save({ ...open, status: 'expired' });
      return {
        is_valid: false,
        message: 'The validation challenge has expired; start a new one',
        validation_id: open.id,
      };
    }
    const outcome =
      open.validationType === 'txt_record'
        ? await this.checker.checkTxtChallenge(
            domain.name,
            `${CHALLENGE_LABEL}.${domain.name}`,
            `${CHALLENGE_PREFIX}${open.challengeValue}`,
          )
        : await this.checker.checkNameserverDelegation(domain.name, await this.platform.nameservers());
    if (!outcome.valid) {
      await this.transactions.run(async (manager) => {
        await this.validations.save(
          {
            ...open,
            status: 'failed',
            lastMessage: outcome.message,
            checkCount: open.checkCount + 1,
            lastCheckedAt: new Date(),
          },
          manager,
        );
        await this.audit.record(
          context,
          this.auditEntry('domain.validation.failure', domain, {
            validation_id: open.id,
            message: outcome.message,
          }),
          manager,
        );
      });
      return { is_valid: false, message: outcome.message, validation_id: open.id };
    }
    await this.activate(context, domain, open);
    return { is_valid: true, message: 'Domain validated', validation_id: open.id };
  }

  /** Flips the zone to active and creates it in PowerDNS with its stored records, in one unit. */
  private async activate(
    context: RequestContext,
    domain: DomainEntity,
    open: DomainValidationEntity,
  ): Promise<void> {
    const activated = await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      if (row.status !== 'pending_validation') {
        throw new DomainStateError('This domain is no longer pending validation');
      }
      const held = await this.domains.findHierarchyConflicts(row.tenantId, row.name, manager);
      if (held.length > 0) {
        throw new DomainStateError(
          `${held[0].name} is already managed by another tenant; this zone cannot go live`,
        );
      }
      row.status = 'active';
      row.validatedAt = new Date();
      row.published = true;
      await this.domains.save(row, manager);
      await this.validations.save(
        {
          ...open,
          status: 'validated',
          validatedAt: new Date(),
          lastMessage: 'Domain validated',
          checkCount: open.checkCount + 1,
          lastCheckedAt: new Date(),
        },
        manager,
      );
      await this.audit.record(
        context,
        this.auditEntry('domain.validation.success', row, {
          validation_id: open.id,
          validation_type: open.validationType,
        }),
        manager,
      );
      const records = await this.records.allInZone(row.tenantId, row.id, manager);
      await this.publisher.publish(row, records);
      compensations.add(`unpublish ${row.name}`, () => this.publisher.unpublish(row));
      return row;
    });
    await this.hooks.zoneActivated(context, activated);
  }

  private async newChallenge(
    domain: DomainEntity,
    type: ValidationType,
    manager: EntityManager,
  ): Promise<DomainValidationEntity> {
    const ttl = await this.platform.challengeTtlSeconds();
    return this.validations.save(
      {
        tenantId: domain.tenantId,
        domainId: domain.id,
        validationType: type,
        status: 'pending',
        challengeValue: randomBytes(16).toString('hex'),
        checkCount: 0,
        expiresAt: new Date(Date.now() + ttl * 1000),
      },
      manager,
    );
  }

  private assertPending(domain: DomainEntity): void {
    if (domain.status !== 'pending_validation') {
      throw new DomainStateError(
        `This domain is ${domain.status}; only a domain pending validation can be validated`,
      );
    }
  }

  private async toDto(domain: DomainEntity, row: DomainValidationEntity): Promise<ValidationDto> {
    const nameservers = await this.platform.nameservers();
    return {
      id: row.id,
      validation_type: row.validationType,
      status: row.status,
      challenge_value: row.challengeValue,
      dns_record:
        row.validationType === 'txt_record'
          ? {
              name: `${CHALLENGE_LABEL}.${domain.name}`,
              type: 'TXT',
              value: `${CHALLENGE_PREFIX}${row.challengeValue}`,
            }
          : { name: domain.name, type: 'NS', value: nameservers.join(' ') },
      nameservers,
      last_message: row.lastMessage,
      last_checked_at: row.lastCheckedAt?.toISOString() ?? null,
      expires_at: row.expiresAt.toISOString(),
      created_at: row.createdAt.toISOString(),
    };
  }

  private auditEntry(action: string, domain: DomainEntity, extra: Record<string, unknown>) {
    return { action, resourceType: 'domain', resourceId: domain.id, resourceName: domain.name, extra };
  }
}
