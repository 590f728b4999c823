import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { DomainEntity, DomainStatus, DomainType } from 'src/domains/entities/domain.entity';
import { escapeLike } from 'src/tenants/tenants.repository';

export interface DomainFilter {
  status?: DomainStatus;
  domainTypes?: DomainType[];
  dnssecEnabled?: boolean;
  search?: string;
  includeDeleted?: boolean;
  /** Restricts to these ids (callers without tenant-wide read see only zones they hold a grant or role on). */
  onlyIds?: string[];
}

/** Zones that "hold" a name: a pending claim does not, since anyone may claim a name they can't prove yet. */
const HOLDING_STATUSES: DomainStatus[] = ['active', 'inactive'];

@Injectable()
export class DomainsRepository {
  constructor(@InjectRepository(DomainEntity) private readonly domains: Repository<DomainEntity>) {}

  private repo(manager?: EntityManager): Repository<DomainEntity> {
    return manager ? manager.getRepository(DomainEntity) : this.domains;
  }

  findInTenant(tenantId: string, id: string, manager?: EntityManager): Promise<DomainEntity | null> {
    return this.repo(manager).findOneBy({ tenantId, id });
  }

  /** Locks the zone row for the rest of the transaction (writers of one zone queue here). */
  lockInTenant(manager: EntityManager, tenantId: string, id: string): Promise<DomainEntity | null> {
    return manager
      .getRepository(DomainEntity)
      .createQueryBuilder('domain')
      .setLock('pessimistic_write')
      .where('domain.tenant_id = :tenantId AND domain.id = :id', { tenantId, id })
      .getOne();
  }

  findLiveByName(tenantId: string, name: string, manager?: EntityManager): Promise<DomainEntity | null> {
    return this.repo(manager).findOneBy({ tenantId, name, liveKey: '' });
  }

  /**
   * Zones of other tenants that hold this name, a parent of it or a child of it. Two tenants can't share a
   * namespace: the child would be served from a zone its parent's owner doesn't control.
   */
  findHierarchyConflicts(tenantId: string, name: string, manager?: EntityManager): Promise<DomainEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('domain')
      .where('domain.tenant_id <> :tenantId', { tenantId })
      .andWhere('domain.status IN (:...statuses)', { statuses: HOLDING_STATUSES })
      .andWhere(
        new Brackets((names) =>
          names
            .where('domain.name = :name', { name })
            .orWhere("domain.name LIKE CONCAT('%.', :escaped)", { escaped: escapeLike(name) })
            .orWhere("CONCAT('.', :name) LIKE CONCAT('%.', domain.name)"),
        ),
      )
      .getMany();
  }

  async list(tenantId: string, filter: DomainFilter, page: PageRequest): Promise<[DomainEntity[], number]> {
    const query = this.domains
      .createQueryBuilder('domain')
      .where('domain.tenant_id = :tenantId', { tenantId })
      .orderBy('domain.name', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.status) {
      query.andWhere('domain.status = :status', { status: filter.status });
    } else if (!filter.includeDeleted) {
      query.andWhere("domain.status <> 'deleted'");
    }
    if (filter.domainTypes?.length) {
      query.andWhere('domain.domain_type IN (:...types)', { types: filter.domainTypes });
    }
    if (filter.dnssecEnabled !== undefined) {
      query.andWhere('domain.dnssec_enabled = :dnssec', { dnssec: filter.dnssecEnabled });
    }
    if (filter.search) {
      query.andWhere('(domain.name LIKE :search OR domain.cidr LIKE :search)', {
        search: `%${escapeLike(filter.search.toLowerCase())}%`,
      });
    }
    if (filter.onlyIds) {
      if (filter.onlyIds.length === 0) {
        return [[], 0];
      }
      query.andWhere({ id: In(filter.onlyIds) });
    }
    return query.getManyAndCount();
  }

  /** Every live zone of the platform (nameserver rewrites, reconciliation). */
  findAllPublished(): Promise<DomainEntity[]> {
    return this.domains.find({ where: { published: true }, order: { name: 'ASC' } });
  }

  /** Pending zones whose validation should be re-checked. */
  findPendingIds(limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.domains.find({
      where: { status: 'pending_validation' },
      select: { id: true, tenantId: true },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  create(fields: Partial<DomainEntity>): DomainEntity {
    return this.domains.create(fields);
  }

  save(domain: DomainEntity, manager?: EntityManager): Promise<DomainEntity> {
    return this.repo(manager).save(domain);
  }

  async remove(domain: DomainEntity, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id: domain.id, tenantId: domain.tenantId });
  }
}
