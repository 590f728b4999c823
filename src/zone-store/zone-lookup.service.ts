import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ZoneAccessService, ZonePermissions, RecordTarget } from 'src/access-grants/zone-access.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainNotFoundError } from 'src/domains/domains.errors';
import { DomainEntity } from 'src/domains/entities/domain.entity';

export interface ZoneHandle {
  domain: DomainEntity;
  access: ZonePermissions;
}

/**
 * Finds a zone for a request: scoped to the request's tenant (another tenant's zone is a 404, never a 403),
 * hidden when soft-deleted unless asked for, and checked against the caller's permission on that zone.
 */
@Injectable()
export class ZoneLookupService {
  constructor(
    private readonly domains: DomainsRepository,
    private readonly access: ZoneAccessService,
  ) {}

  async get(
    context: RequestContext,
    domainId: string,
    permission: Permission,
    options: { includeDeleted?: boolean; target?: RecordTarget } = {},
  ): Promise<ZoneHandle> {
    const domain = context.tenantId ? await this.domains.findInTenant(context.tenantId, domainId) : null;
    if (!domain || (domain.status === 'deleted' && !options.includeDeleted)) {
      throw new DomainNotFoundError();
    }
    const access = await this.access.forZone(context, domain.id);
    if (!access.hasAny) {
      // Nothing at all on this zone: as good as invisible.
      throw new DomainNotFoundError();
    }
    if (
      !access.allows(permission, options.target) &&
      !(options.target === undefined && access.allowsSomewhere(permission))
    ) {
      await this.access.assert(context, domain.id, permission, options.target);
    }
    return { domain, access };
  }

  /** Re-reads the zone row with a write lock inside a transaction: writers of one zone queue here. */
  async lock(manager: EntityManager, domain: DomainEntity): Promise<DomainEntity> {
    const locked = await this.domains.lockInTenant(manager, domain.tenantId, domain.id);
    if (!locked) {
      throw new DomainNotFoundError();
    }
    return locked;
  }
}
