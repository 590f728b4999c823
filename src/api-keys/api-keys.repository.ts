import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** Authentication lookup: the prefix is globally unique, so no tenant is known yet. */
  findByPrefix(keyPrefix: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyPrefix });
  }
}
