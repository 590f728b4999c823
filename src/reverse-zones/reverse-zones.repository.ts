import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { RecordEntity } from 'src/records/entities/record.entity';
import { escapeLike } from 'src/tenants/tenants.repository';

/** The queries reverse zones need beyond the shared zone and record repositories: by name sets and PTR rows. */
@Injectable()
export class ReverseZonesRepository {
  constructor(
    @InjectRepository(DomainEntity) private readonly domains: Repository<DomainEntity>,
    @InjectRepository(RecordEntity) private readonly records: Repository<RecordEntity>,
  ) {}

  /** Live (not soft-deleted) zones of the tenant with one of these names. */
  liveZonesNamed(tenantId: string, names: string[], manager?: EntityManager): Promise<DomainEntity[]> {
    if (names.length === 0) {
      return Promise.resolve([]);
    }
    return (manager?.getRepository(DomainEntity) ?? this.domains).findBy({
      tenantId,
      name: In([...new Set(names)]),
      liveKey: '',
    });
  }

  /** Live zones of the tenant strictly below a name (`*.2.0.192.in-addr.arpa`). */
  liveZonesBelow(tenantId: string, name: string, manager?: EntityManager): Promise<DomainEntity[]> {
    return (manager?.getRepository(DomainEntity) ?? this.domains)
      .createQueryBuilder('domain')
      .where('domain.tenant_id = :tenantId', { tenantId })
      .andWhere("domain.live_key = ''")
      .andWhere('domain.name LIKE :suffix', { suffix: `%.${escapeLike(name)}` })
      .orderBy('domain.name', 'ASC')
      .getMany();
  }

  /** Every PTR record of a zone. */
  ptrRecords(tenantId: string, domainId: string): Promise<RecordEntity[]> {
    return this.records.find({
      where: { tenantId, domainId, type: 'PTR' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The PTR records of a zone at one name (several hostnames may share an address). */
  ptrRecordsAt(tenantId: string, domainId: string, name: string): Promise<RecordEntity[]> {
    return this.records.find({
      where: { tenantId, domainId, type: 'PTR', name },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
