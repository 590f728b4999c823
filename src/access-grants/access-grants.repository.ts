import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { AccessGrantEntity } from 'src/access-grants/entities/access-grant.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';

export interface GrantWithRole {
  grant: AccessGrantEntity;
  role: RoleEntity;
}

export interface Grantee {
  type: 'user' | 'group';
  id: string;
}

@Injectable()
export class AccessGrantsRepository {
  constructor(@InjectRepository(AccessGrantEntity) private readonly grants: Repository<AccessGrantEntity>) {}

  /**
   * Unexpired grants held by any of the grantees in a tenant, with their roles; on one zone when `domainId` is given.
   * Expiry is checked here, in the query, so an expired grant stops working without any job having run.
   */
  async activeFor(tenantId: string, grantees: Grantee[], domainId: string | null): Promise<GrantWithRole[]> {
    if (grantees.length === 0) {
      return [];
    }
    const query = this.grants
      .createQueryBuilder('grant')
      .innerJoinAndMapOne('grant.role', RoleEntity, 'role', 'role.id = grant.role_id')
      .where('grant.tenant_id = :tenantId', { tenantId })
      .andWhere('(grant.expires_at IS NULL OR grant.expires_at > NOW(3))')
      .andWhere(
        new Brackets((who) =>
          grantees.forEach((grantee, index) =>
            who.orWhere(`(grant.grant_type = :type${index} AND grant.grantee_id = :id${index})`, {
              [`type${index}`]: grantee.type,
              [`id${index}`]: grantee.id,
            }),
          ),
        ),
      );
    if (domainId) {
      query.andWhere('grant.domain_id = :domainId', { domainId });
    }
    const rows = await query.getMany();
    return rows.map((grant) => ({ grant, role: (grant as AccessGrantEntity & { role: RoleEntity }).role }));
  }

  listForDomain(tenantId: string, domainId: string, includeExpired: boolean): Promise<AccessGrantEntity[]> {
    const query = this.grants
      .createQueryBuilder('grant')
      .where('grant.tenant_id = :tenantId AND grant.domain_id = :domainId', { tenantId, domainId })
      .orderBy('grant.created_at', 'ASC');
    if (!includeExpired) {
      query.andWhere('(grant.expires_at IS NULL OR grant.expires_at > NOW(3))');
    }
    return query.getMany();
  }

  findInDomain(tenantId: string, domainId: string, id: string): Promise<AccessGrantEntity | null> {
    return this.grants.findOneBy({ tenantId, domainId, id });
  }

  save(grant: Partial<AccessGrantEntity>): Promise<AccessGrantEntity> {
    return this.grants.save(this.grants.create(grant));
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.grants.delete({ tenantId, id });
  }

  async deleteForDomain(tenantId: string, domainId: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(AccessGrantEntity) : this.grants).delete({ tenantId, domainId });
  }
}
