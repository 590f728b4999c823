import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import {
  DomainValidationEntity,
  ValidationStatus,
} from 'src/domains/validation/entities/domain-validation.entity';

/** Challenges that can still succeed. */
export const OPEN_STATUSES: ValidationStatus[] = ['pending', 'verifying', 'failed'];

@Injectable()
export class DomainValidationsRepository {
  constructor(
    @InjectRepository(DomainValidationEntity)
    private readonly validations: Repository<DomainValidationEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<DomainValidationEntity> {
    return manager ? manager.getRepository(DomainValidationEntity) : this.validations;
  }

  /** The zone's open challenge (the newest one that is pending, being checked or failed). */
  findOpen(
    tenantId: string,
    domainId: string,
    manager?: EntityManager,
  ): Promise<DomainValidationEntity | null> {
    return this.repo(manager).findOne({
      where: { tenantId, domainId, status: In(OPEN_STATUSES) },
      order: { createdAt: 'DESC' },
    });
  }

  findLatest(tenantId: string, domainId: string): Promise<DomainValidationEntity | null> {
    return this.validations.findOne({ where: { tenantId, domainId }, order: { createdAt: 'DESC' } });
  }

  /** Open, unexpired challenges for the background re-check, oldest check first. */
  findDueForRecheck(limit: number): Promise<DomainValidationEntity[]> {
    return this.validations.find({
      where: { status: In(OPEN_STATUSES), expiresAt: MoreThan(new Date()) },
      order: { lastCheckedAt: 'ASC' },
      take: limit,
    });
  }

  async expireOverdue(): Promise<number> {
    const result = await this.validations.update(
      { status: In(OPEN_STATUSES), expiresAt: LessThanOrEqual(new Date()) },
      { status: 'expired' },
    );
    return result.affected ?? 0;
  }

  async closeOpen(
    tenantId: string,
    domainId: string,
    status: ValidationStatus,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update({ tenantId, domainId, status: In(OPEN_STATUSES) }, { status });
  }

  save(row: Partial<DomainValidationEntity>, manager?: EntityManager): Promise<DomainValidationEntity> {
    const repository = this.repo(manager);
    return repository.save(repository.create(row));
  }

  async deleteForZone(tenantId: string, domainId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(DomainValidationEntity).delete({ tenantId, domainId });
  }
}
