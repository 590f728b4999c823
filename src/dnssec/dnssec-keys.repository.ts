import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';

export interface SignedZoneRef {
  tenantId: string;
  domainId: string;
}

@Injectable()
export class DnssecKeysRepository {
  constructor(@InjectRepository(DnssecKeyEntity) private readonly keys: Repository<DnssecKeyEntity>) {}

  private repo(manager?: EntityManager): Repository<DnssecKeyEntity> {
    return manager ? manager.getRepository(DnssecKeyEntity) : this.keys;
  }

  /** The zone's keys that are still in PowerDNS (not removed), oldest first. */
  findLive(tenantId: string, domainId: string, manager?: EntityManager): Promise<DnssecKeyEntity[]> {
    return this.repo(manager).find({
      where: { tenantId, domainId, state: Not('removed') },
      order: { createdAt: 'ASC', keyType: 'ASC' },
    });
  }

  /** Every zone with keys in PowerDNS, across tenants (the rollover job). */
  async findSignedZones(): Promise<SignedZoneRef[]> {
    const rows = await this.keys
      .createQueryBuilder('key')
      .select('key.tenant_id', 'tenantId')
      .addSelect('key.domain_id', 'domainId')
      .where("key.state <> 'removed'")
      .groupBy('key.tenant_id')
      .addGroupBy('key.domain_id')
      .orderBy('key.domain_id', 'ASC')
      .getRawMany<SignedZoneRef>();
    return rows.map((row) => ({ tenantId: row.tenantId, domainId: row.domainId }));
  }

  create(fields: Partial<DnssecKeyEntity>): DnssecKeyEntity {
    return this.keys.create(fields);
  }

  save(keys: DnssecKeyEntity[], manager: EntityManager): Promise<DnssecKeyEntity[]> {
    return this.repo(manager).save(keys);
  }
}
