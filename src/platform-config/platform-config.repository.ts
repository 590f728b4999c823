import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PlatformConfigEntity } from 'src/platform-config/entities/platform-config.entity';

@Injectable()
export class PlatformConfigRepository {
  constructor(
    @InjectRepository(PlatformConfigEntity) private readonly entries: Repository<PlatformConfigEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<PlatformConfigEntity> {
    return manager ? manager.getRepository(PlatformConfigEntity) : this.entries;
  }

  find(key: string, manager?: EntityManager): Promise<PlatformConfigEntity | null> {
    return this.repo(manager).findOneBy({ key });
  }

  all(): Promise<PlatformConfigEntity[]> {
    return this.entries.find({ order: { key: 'ASC' } });
  }

  /**
   * Stores a value (one INSERT ... ON DUPLICATE KEY UPDATE, so two first writes of a key cannot collide) and returns
   * the stored row. Pass the transaction's manager to commit it together with its audit entry.
   */
  async upsert(
    key: string,
    value: string,
    description: string | null,
    updatedBy: string | null,
    manager?: EntityManager,
  ): Promise<PlatformConfigEntity> {
    const repo = this.repo(manager);
    await repo
      .createQueryBuilder()
      .insert()
      .into(PlatformConfigEntity)
      .values({ key, value, description, updatedBy })
      .orUpdate(description === null ? ['value', 'updated_by'] : ['value', 'description', 'updated_by'], [
        'key',
      ])
      .execute();
    return repo.findOneByOrFail({ key });
  }
}
