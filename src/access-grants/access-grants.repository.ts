import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { AccessGrantEntity } from 'src/access-grants/entities/access-grant.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';

export interface GrantWithRole {
  grant: AccessGrantEntity;
  role: RoleEntity;
}

/** A grant as the API shows it: with its role (null if the role was deleted since) and the grantee's name. */
export interface GrantView {
  grant: AccessGrantEntity;
  role: RoleEntity | null;
  /** The user's e-mail or the group's name; null if the user or group is no longer cached. */
  granteeName: string | null;
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

  /** The zone's grants with their role and the grantee's name, oldest first; expired ones only when asked for. */
  listForDomain(tenantId: string, domainId: string, includeExpired: boolean): Promise<GrantView[]> {
    const query = this.viewQuery()
      .where('grant.tenant_id = :tenantId AND grant.domain_id = :domainId', { tenantId, domainId })
      .orderBy('grant.created_at', 'ASC')
      .addOrderBy('grant.id', 'ASC');
    if (!includeExpired) {
      query.andWhere('(grant.expires_at IS NULL OR grant.expires_at > NOW(3))');
    }
    return query.getMany().then((rows) => rows.map(toView));
  }

  /** One grant of the zone (expired or not), with its role and the grantee's name. */
  async findViewInDomain(tenantId: string, domainId: string, id: string): Promise<GrantView | null> {
    const row = await this.viewQuery()
      .where('grant.tenant_id = :tenantId AND grant.domain_id = :domainId AND grant.id = :id', {
        tenantId,
        domainId,
        id,
      })
      .getOne();
    return row ? toView(row) : null;
  }

  /** Unexpired grants of the zone to the same grantee with the same role and record pattern. */
  findSimilar(
    fields: Pick<
      AccessGrantEntity,
      'tenantId' | 'domainId' | 'grantType' | 'granteeId' | 'roleId' | 'recordPattern'
    >,
    manager?: EntityManager,
  ): Promise<AccessGrantEntity[]> {
    const query = (manager ? manager.getRepository(AccessGrantEntity) : this.grants)
      .createQueryBuilder('grant')
      .where('grant.tenant_id = :tenantId AND grant.domain_id = :domainId', fields)
      .andWhere(
        'grant.grant_type = :grantType AND grant.grantee_id = :granteeId AND grant.role_id = :roleId',
        fields,
      )
      .andWhere('(grant.expires_at IS NULL OR grant.expires_at > NOW(3))')
      .andWhere(
        fields.recordPattern === null
          ? 'grant.record_pattern IS NULL'
          : 'grant.record_pattern = :recordPattern',
        fields,
      );
    return query.getMany();
  }

  save(grant: Partial<AccessGrantEntity>, manager?: EntityManager): Promise<AccessGrantEntity> {
    const repository = manager ? manager.getRepository(AccessGrantEntity) : this.grants;
    return repository.save(repository.create(grant));
  }

  async delete(tenantId: string, id: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(AccessGrantEntity) : this.grants).delete({ tenantId, id });
  }

  private viewQuery() {
    return this.grants
      .createQueryBuilder('grant')
      .leftJoinAndMapOne('grant.role', RoleEntity, 'role', 'role.id = grant.role_id')
      .leftJoinAndMapOne(
        'grant.user',
        UserEntity,
        'user',
        "grant.grant_type = 'user' AND user.id = grant.grantee_id",
      )
      .leftJoinAndMapOne(
        'grant.group',
        GroupEntity,
        'grp',
        "grant.grant_type = 'group' AND grp.id = grant.grantee_id",
      );
  }

  async deleteForDomain(tenantId: string, domainId: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(AccessGrantEntity) : this.grants).delete({ tenantId, domainId });
  }
}

/** Internal: the grant row with the joined role and grantee, as the view query maps them. */
type JoinedGrant = AccessGrantEntity & { role?: RoleEntity; user?: UserEntity; group?: GroupEntity };

function toView(row: JoinedGrant): GrantView {
  const { role, user, group, ...grant } = row;
  return {
    grant: Object.assign(new AccessGrantEntity(), grant),
    role: role ?? null,
    granteeName:
      row.grantType === 'user' ? (user?.email ?? user?.scaikeyUserId ?? null) : (group?.name ?? null),
  };
}
