import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLogEntity } from 'src/audit/entities/audit-log.entity';
import { PageRequest } from 'src/common/pagination/pagination';

export interface AuditFilter {
  tenantId: string | null;
  actorType?: string;
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  startDate?: Date;
  endDate?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditLogEntity) private readonly logs: Repository<AuditLogEntity>) {}

  async insert(fields: Partial<AuditLogEntity>, manager?: EntityManager): Promise<AuditLogEntity> {
    const repository = manager ? manager.getRepository(AuditLogEntity) : this.logs;
    return repository.save(repository.create(fields));
  }

  /** `tenantId` null means every tenant (platform admins only; the service decides). */
  async list(filter: AuditFilter, page: PageRequest): Promise<[AuditLogEntity[], number]> {
    const query = this.logs
      .createQueryBuilder('log')
      .orderBy('log.timestamp', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.tenantId) {
      query.andWhere('log.tenant_id = :tenantId', { tenantId: filter.tenantId });
    }
    const exact: [keyof AuditFilter, string][] = [
      ['actorType', 'actor_type'],
      ['actorId', 'actor_id'],
      ['action', 'action'],
      ['resourceType', 'resource_type'],
      ['resourceId', 'resource_id'],
    ];
    for (const [field, column] of exact) {
      if (filter[field] !== undefined) {
        query.andWhere(`log.${column} = :${field}`, { [field]: filter[field] });
      }
    }
    if (filter.startDate) {
      query.andWhere('log.timestamp >= :startDate', { startDate: filter.startDate });
    }
    if (filter.endDate) {
      query.andWhere('log.timestamp <= :endDate', { endDate: filter.endDate });
    }
    return query.getManyAndCount();
  }

  findOne(tenantId: string | null, id: string): Promise<AuditLogEntity | null> {
    return this.logs.findOneBy(tenantId ? { id, tenantId } : { id });
  }
}
