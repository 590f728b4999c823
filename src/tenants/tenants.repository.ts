import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity, TenantStatus } from 'src/tenants/entities/tenant.entity';

export interface TenantUpsert {
  scaikeyTenantId: string;
  name?: string;
  slug?: string;
  status?: TenantStatus;
  partnerId?: string | null;
  settings?: Record<string, unknown> | null;
}

@Injectable()
export class TenantsRepository {
  constructor(
    @InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>,
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
  ) {}

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ id });
  }

  findByScaikeyId(scaikeyTenantId: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ scaikeyTenantId });
  }

  /** Platform admins may name a tenant by its ScaiDNS id, its ScaiKey id or its slug. */
  findByAnyId(reference: string): Promise<TenantEntity | null> {
    return this.tenants.findOne({
      where: [
        { scaikeyTenantId: reference },
        { slug: reference },
        ...(isUuid(reference) ? [{ id: reference }] : []),
      ],
    });
  }

  /** Creates or refreshes the cached tenant; fields left undefined keep their stored value. */
  async upsert(input: TenantUpsert): Promise<TenantEntity> {
    const existing = await this.findByScaikeyId(input.scaikeyTenantId);
    const row =
      existing ??
      this.tenants.create({
        scaikeyTenantId: input.scaikeyTenantId,
        name: input.scaikeyTenantId,
        slug: input.scaikeyTenantId,
        status: 'active',
        partnerId: null,
        settings: null,
      });
    for (const field of ['name', 'slug', 'status', 'partnerId', 'settings'] as const) {
      if (input[field] !== undefined) {
        Object.assign(row, { [field]: input[field] });
      }
    }
    return this.tenants.save(row);
  }

  async list(
    filter: { status?: string; search?: string },
    page: PageRequest,
  ): Promise<[TenantEntity[], number]> {
    const query = this.tenants
      .createQueryBuilder('tenant')
      .orderBy('tenant.name', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.status) {
      query.andWhere('tenant.status = :status', { status: filter.status });
    }
    if (filter.search) {
      query.andWhere('(tenant.name LIKE :search OR tenant.slug LIKE :search)', {
        search: `%${escapeLike(filter.search)}%`,
      });
    }
    return query.getManyAndCount();
  }

  findPartnerByScaikeyId(scaikeyPartnerId: string): Promise<PartnerEntity | null> {
    return this.partners.findOneBy({ scaikeyPartnerId });
  }

  async upsertPartner(input: {
    scaikeyPartnerId: string;
    name?: string;
    slug?: string | null;
    status?: PartnerEntity['status'];
  }): Promise<PartnerEntity> {
    const row =
      (await this.findPartnerByScaikeyId(input.scaikeyPartnerId)) ??
      this.partners.create({
        scaikeyPartnerId: input.scaikeyPartnerId,
        name: input.scaikeyPartnerId,
        slug: null,
        status: 'active',
      });
    if (input.name !== undefined) {
      row.name = input.name;
    }
    if (input.slug !== undefined) {
      row.slug = input.slug;
    }
    if (input.status !== undefined) {
      row.status = input.status;
    }
    return this.partners.save(row);
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
