import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { RecordEntity } from 'src/records/entities/record.entity';
import { escapeLike } from 'src/tenants/tenants.repository';

export interface RecordFilter {
  type?: string;
  /** Substring of the name. */
  name?: string;
  /** Substring of name or content. */
  query?: string;
}

export interface RrsetKey {
  name: string;
  type: string;
}

@Injectable()
export class RecordsRepository {
  constructor(@InjectRepository(RecordEntity) private readonly records: Repository<RecordEntity>) {}

  private repo(manager?: EntityManager): Repository<RecordEntity> {
    return manager ? manager.getRepository(RecordEntity) : this.records;
  }

  findInZone(
    tenantId: string,
    domainId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<RecordEntity | null> {
    return this.repo(manager).findOneBy({ tenantId, domainId, id });
  }

  findManyInZone(
    tenantId: string,
    domainId: string,
    ids: string[],
    manager?: EntityManager,
  ): Promise<RecordEntity[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.repo(manager).findBy({ tenantId, domainId, id: In(ids) });
  }

  /** Every record of a zone, in a stable order (publishing, export). */
  allInZone(tenantId: string, domainId: string, manager?: EntityManager): Promise<RecordEntity[]> {
    return this.repo(manager).find({
      where: { tenantId, domainId },
      order: { name: 'ASC', type: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Records at the given names (any type): what a new record must be consistent with. */
  atNames(
    tenantId: string,
    domainId: string,
    names: string[],
    manager?: EntityManager,
  ): Promise<RecordEntity[]> {
    return names.length === 0
      ? Promise.resolve([])
      : this.repo(manager).find({ where: { tenantId, domainId, name: In([...new Set(names)]) } });
  }

  async list(
    tenantId: string,
    domainId: string,
    filter: RecordFilter,
    page: { offset: number; limit: number },
  ): Promise<[RecordEntity[], number]> {
    const query = this.records
      .createQueryBuilder('record')
      .where('record.tenant_id = :tenantId AND record.domain_id = :domainId', { tenantId, domainId })
      .orderBy('record.name', 'ASC')
      .addOrderBy('record.type', 'ASC')
      .addOrderBy('record.created_at', 'ASC')
      .skip(page.offset)
      .take(page.limit);
    if (filter.type) {
      query.andWhere('record.type = :type', { type: filter.type });
    }
    if (filter.name) {
      query.andWhere('record.name LIKE :name', { name: `%${escapeLike(filter.name.toLowerCase())}%` });
    }
    if (filter.query) {
      const like = `%${escapeLike(filter.query)}%`;
      query.andWhere(
        new Brackets((match) =>
          match.where('record.name LIKE :like', { like }).orWhere('record.content LIKE :like', { like }),
        ),
      );
    }
    return query.getManyAndCount();
  }

  countInZone(tenantId: string, domainId: string): Promise<number> {
    return this.records.countBy({ tenantId, domainId });
  }

  /** The full current content of some rrsets, read inside the writing transaction. */
  async rrsets(
    manager: EntityManager,
    tenantId: string,
    domainId: string,
    keys: RrsetKey[],
  ): Promise<RecordEntity[]> {
    if (keys.length === 0) {
      return [];
    }
    return manager
      .getRepository(RecordEntity)
      .createQueryBuilder('record')
      .where('record.tenant_id = :tenantId AND record.domain_id = :domainId', { tenantId, domainId })
      .andWhere('record.name IN (:...names)', { names: [...new Set(keys.map((key) => key.name))] })
      .orderBy('record.created_at', 'ASC')
      .getMany()
      .then((rows) => {
        const wanted = new Set(keys.map((key) => `${key.name}|${key.type}`));
        return rows.filter((row) => wanted.has(`${row.name}|${row.type}`));
      });
  }

  /** The same, read after a rolled-back transaction, to re-push what the database really holds. */
  rrsetsOutsideTransaction(tenantId: string, domainId: string, keys: RrsetKey[]): Promise<RecordEntity[]> {
    return this.rrsets(this.records.manager, tenantId, domainId, keys);
  }

  insert(manager: EntityManager, rows: Partial<RecordEntity>[]): Promise<RecordEntity[]> {
    const repository = manager.getRepository(RecordEntity);
    return repository.save(
      rows.map((row) => repository.create(row)),
      { chunk: 200 },
    );
  }

  save(manager: EntityManager, record: RecordEntity): Promise<RecordEntity> {
    return manager.getRepository(RecordEntity).save(record);
  }

  async delete(manager: EntityManager, tenantId: string, domainId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) {
      await manager.getRepository(RecordEntity).delete({ tenantId, domainId, id: In(ids) });
    }
  }

  async deleteAllInZone(manager: EntityManager, tenantId: string, domainId: string): Promise<void> {
    await manager.getRepository(RecordEntity).delete({ tenantId, domainId });
  }
}
