import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PlatformConfigEntity } from 'src/platform-config/entities/platform-config.entity';

@Injectable()
export class PlatformConfigRepository {
  constructor(@InjectRepository(PlatformConfigEntity) private readonly entries: Repository<PlatformConfigEntity>) {}

  find(key: string): Promise<PlatformConfigEntity | null> {
    return this.entries.findOneBy({ key });
  }

  all(): Promise<PlatformConfigEntity[]> {
    return this.entries.find({ order: { key: 'ASC' } });
  }

  async upsert(key: string, value: string, description: string | null, updatedBy: string | null): Promise<PlatformConfigEntity> {
    const row = (await this.find(key)) ?? this.entries.create({ key });
    row.value = value;
    row.description = description ?? row.description ?? null;
    row.updatedBy = updatedBy;
    return this.entries.save(row);
  }
}
