import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';
import { PageRequest } from 'src/common/pagination/pagination';
import { isUuid } from 'src/tenants/tenants.repository';

/** Whose keys a listing may show: everything in the tenant, or the keys of one user and their groups. */
export type ApiKeyVisibility = { kind: 'tenant' } | { kind: 'owned'; userId: string; groupIds: string[] };

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** Authentication lookup: the prefix is globally unique, so no tenant is known yet. */
  findByPrefix(keyPrefix: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyPrefix });
  }

  /** A key of one tenant, or null (other tenants' keys and malformed ids look the same). Locks the row when in a transaction. */
  findInTenant(tenantId: string, id: string, manager?: EntityManager): Promise<ApiKeyEntity | null> {
    if (!isUuid(id)) {
      return Promise.resolve(null);
    }
    if (manager) {
      return manager
        .getRepository(ApiKeyEntity)
        .findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
    }
    return this.keys.findOneBy({ id, tenantId });
  }

  async listInTenant(
    tenantId: string,
    visibility: ApiKeyVisibility,
    includeRevoked: boolean,
    page: PageRequest,
  ): Promise<[ApiKeyEntity[], number]> {
    const query = this.keys
      .createQueryBuilder('key')
      .where('key.tenant_id = :tenantId', { tenantId })
      .orderBy('key.created_at', 'DESC')
      .addOrderBy('key.id', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (!includeRevoked) {
      query.andWhere("key.status <> 'revoked'");
    }
    if (visibility.kind === 'owned') {
      const { userId, groupIds } = visibility;
      query.andWhere(
        new Brackets((owners) => {
          owners.where("(key.permission_source = 'user' AND key.permission_source_id = :userId)", { userId });
          if (groupIds.length > 0) {
            owners.orWhere(
              "(key.permission_source = 'group' AND key.permission_source_id IN (:...groupIds))",
              {
                groupIds,
              },
            );
          }
        }),
      );
    }
    return query.getManyAndCount();
  }

  create(fields: Partial<ApiKeyEntity>): ApiKeyEntity {
    return this.keys.create(fields);
  }

  save(key: ApiKeyEntity, manager: EntityManager): Promise<ApiKeyEntity> {
    return manager.getRepository(ApiKeyEntity).save(key);
  }

  async remove(key: ApiKeyEntity, manager: EntityManager): Promise<void> {
    await manager.getRepository(ApiKeyEntity).delete({ id: key.id, tenantId: key.tenantId });
  }

  /**
   * Adds usage counted in Redis since the last flush. `last_used_*` only move forward (another instance may flush an
   * older batch later), and `updated_at` is pinned: usage is not an edit of the key. MariaDB evaluates SET
   * assignments left to right, so `last_used_ip` is decided before `last_used_at` changes.
   */
  async addUsage(id: string, count: number, lastUsedAt: Date, lastUsedIp: string | null): Promise<void> {
    await this.keys.query(
      `UPDATE api_keys SET
         use_count = use_count + ?,
         last_used_ip = IF(last_used_at IS NULL OR last_used_at <= ?, ?, last_used_ip),
         last_used_at = IF(last_used_at IS NULL OR last_used_at < ?, ?, last_used_at),
         updated_at = updated_at
       WHERE id = ?`,
      [count, lastUsedAt, lastUsedIp, lastUsedAt, lastUsedAt, id],
    );
  }
}
