import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';
import { PageRequest } from 'src/common/pagination/pagination';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity, TenantStatus } from 'src/tenants/entities/tenant.entity';
import { escapeLike, isUuid } from 'src/tenants/tenants.repository';
import { UserEntity } from 'src/users/entities/user.entity';

export interface TenantCounts {
  zones: number;
  users: number;
  apiKeys: number;
}

/**
 * Platform-wide reads and writes of the tenant and partner cache for /admin/tenants and /admin/partners. Unlike
 * every other repository these queries are not scoped to one tenant: only platform admins reach them.
 */
@Injectable()
export class PlatformTenantsRepository {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    @InjectRepository(DomainEntity) private readonly domains: Repository<DomainEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
  ) {}

  /** By ScaiDNS id, ScaiKey id or slug (the forms X-Tenant-ID accepts). */
  findTenant(reference: string, manager?: EntityManager): Promise<TenantEntity | null> {
    const repo = manager ? manager.getRepository(TenantEntity) : this.tenants;
    return repo.findOne({
      where: [
        { scaikeyTenantId: reference },
        { slug: reference },
        ...(isUuid(reference) ? [{ id: reference }] : []),
      ],
    });
  }

  /** Locks the tenant row for the rest of the transaction. */
  lockTenant(manager: EntityManager, id: string): Promise<TenantEntity | null> {
    return manager
      .getRepository(TenantEntity)
      .createQueryBuilder('tenant')
      .setLock('pessimistic_write')
      .where('tenant.id = :id', { id })
      .getOne();
  }

  /**
   * Tenants whose slug or ScaiKey id is one of these values: a new tenant must not reuse either, nor take a slug
   * that is another tenant's ScaiKey id (X-Tenant-ID would become ambiguous).
   */
  findClashing(values: string[], manager?: EntityManager): Promise<TenantEntity[]> {
    const repo = manager ? manager.getRepository(TenantEntity) : this.tenants;
    return repo
      .createQueryBuilder('tenant')
      .where('tenant.slug IN (:...values) OR tenant.scaikey_tenant_id IN (:...values)', { values })
      .getMany();
  }

  listTenants(
    filter: { status?: TenantStatus; search?: string; partnerId?: string },
    page: PageRequest,
  ): Promise<[TenantEntity[], number]> {
    const query = this.tenants
      .createQueryBuilder('tenant')
      .orderBy('tenant.name', 'ASC')
      .addOrderBy('tenant.id', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.status) {
      query.andWhere('tenant.status = :status', { status: filter.status });
    }
    if (filter.partnerId) {
      query.andWhere('tenant.partner_id = :partnerId', { partnerId: filter.partnerId });
    }
    if (filter.search) {
      const search = `%${escapeLike(filter.search)}%`;
      query.andWhere(
        new Brackets((where) =>
          where
            .where('tenant.name LIKE :search', { search })
            .orWhere('tenant.slug LIKE :search', { search })
            .orWhere('tenant.scaikey_tenant_id LIKE :search', { search }),
        ),
      );
    }
    return query.getManyAndCount();
  }

  async countsOf(tenantId: string): Promise<TenantCounts> {
    const [zones, users, apiKeys] = await Promise.all([
      this.domains
        .createQueryBuilder('domain')
        .where('domain.tenant_id = :tenantId', { tenantId })
        .andWhere("domain.status <> 'deleted'")
        .getCount(),
      this.users.countBy({ tenantId, status: 'active' }),
      this.apiKeys
        .createQueryBuilder('key')
        .where('key.tenant_id = :tenantId', { tenantId })
        .andWhere("key.status = 'active'")
        .andWhere('(key.expires_at IS NULL OR key.expires_at > NOW(3))')
        .getCount(),
    ]);
    return { zones, users, apiKeys };
  }

  createTenant(fields: Partial<TenantEntity>): TenantEntity {
    return this.tenants.create(fields);
  }

  saveTenant(manager: EntityManager, tenant: TenantEntity): Promise<TenantEntity> {
    return manager.getRepository(TenantEntity).save(tenant);
  }

  /** By ScaiDNS id or ScaiKey id. */
  findPartner(reference: string): Promise<PartnerEntity | null> {
    return this.partners.findOne({
      where: [{ scaikeyPartnerId: reference }, ...(isUuid(reference) ? [{ id: reference }] : [])],
    });
  }

  findPartnersByIds(ids: string[]): Promise<PartnerEntity[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.partners.createQueryBuilder('partner').where('partner.id IN (:...ids)', { ids }).getMany();
  }

  listPartners(
    filter: { status?: PartnerEntity['status']; search?: string },
    page: PageRequest,
  ): Promise<[PartnerEntity[], number]> {
    const query = this.partners
      .createQueryBuilder('partner')
      .orderBy('partner.name', 'ASC')
      .addOrderBy('partner.id', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.status) {
      query.andWhere('partner.status = :status', { status: filter.status });
    }
    if (filter.search) {
      const search = `%${escapeLike(filter.search)}%`;
      query.andWhere(
        new Brackets((where) =>
          where
            .where('partner.name LIKE :search', { search })
            .orWhere('partner.slug LIKE :search', { search })
            .orWhere('partner.scaikey_partner_id LIKE :search', { search }),
        ),
      );
    }
    return query.getManyAndCount();
  }

  /** Tenants per partner, for the given partners. */
  async tenantCountsOf(partnerIds: string[]): Promise<Map<string, number>> {
    if (partnerIds.length === 0) {
      return new Map();
    }
    const rows: { partnerId: string; count: string | number }[] = await this.tenants
      .createQueryBuilder('tenant')
      .select('tenant.partner_id', 'partnerId')
      .addSelect('COUNT(*)', 'count')
      .where('tenant.partner_id IN (:...partnerIds)', { partnerIds })
      .groupBy('tenant.partner_id')
      .getRawMany();
    return new Map(rows.map((row) => [row.partnerId, Number(row.count)]));
  }
}
