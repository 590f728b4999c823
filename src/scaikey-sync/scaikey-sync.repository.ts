import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { RolesRepository } from 'src/roles/roles.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { GroupMemberEntity } from 'src/users/entities/group-member.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';
import { UsersRepository } from 'src/users/users.repository';

/**
 * The local identity cache as the ScaiKey sync sees it: whole-table snapshots to compare with ScaiKey, lookups by
 * ScaiKey id, and writes that take the caller's transaction (so each change commits with its audit entry).
 * Group deletion and memberships go through UsersRepository/RolesRepository, which own those rules.
 */
@Injectable()
export class ScaiKeySyncRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- snapshots ----

  allPartners(): Promise<PartnerEntity[]> {
    return this.dataSource.getRepository(PartnerEntity).find();
  }

  allTenants(): Promise<TenantEntity[]> {
    return this.dataSource.getRepository(TenantEntity).find();
  }

  /** Cached ScaiKey users (people, not client_credentials service principals) of these tenants. */
  personsOfTenants(tenantIds: string[]): Promise<UserEntity[]> {
    if (tenantIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource
      .getRepository(UserEntity)
      .findBy({ tenantId: In(tenantIds), principalKind: 'person' });
  }

  /** Every cached user with one of these ScaiKey ids, whatever their tenant. */
  usersByScaikeyIds(scaikeyUserIds: string[]): Promise<UserEntity[]> {
    if (scaikeyUserIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource.getRepository(UserEntity).findBy({ scaikeyUserId: In(scaikeyUserIds) });
  }

  usersByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource.getRepository(UserEntity).findBy({ id: In(ids) });
  }

  groupsOfTenants(tenantIds: string[]): Promise<GroupEntity[]> {
    if (tenantIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource.getRepository(GroupEntity).findBy({ tenantId: In(tenantIds) });
  }

  groupsByScaikeyIds(scaikeyGroupIds: string[]): Promise<GroupEntity[]> {
    if (scaikeyGroupIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource.getRepository(GroupEntity).findBy({ scaikeyGroupId: In(scaikeyGroupIds) });
  }

  membershipsOfGroups(groupIds: string[]): Promise<GroupMemberEntity[]> {
    if (groupIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.dataSource.getRepository(GroupMemberEntity).findBy({ groupId: In(groupIds) });
  }

  // ---- single rows (inside a transaction when a manager is given) ----

  findPartner(manager: EntityManager | null, scaikeyPartnerId: string): Promise<PartnerEntity | null> {
    return this.manager(manager).getRepository(PartnerEntity).findOneBy({ scaikeyPartnerId });
  }

  findPartnerById(manager: EntityManager | null, id: string): Promise<PartnerEntity | null> {
    return this.manager(manager).getRepository(PartnerEntity).findOneBy({ id });
  }

  findTenant(manager: EntityManager | null, scaikeyTenantId: string): Promise<TenantEntity | null> {
    return this.manager(manager).getRepository(TenantEntity).findOneBy({ scaikeyTenantId });
  }

  findTenantById(manager: EntityManager | null, id: string): Promise<TenantEntity | null> {
    return this.manager(manager).getRepository(TenantEntity).findOneBy({ id });
  }

  findUser(manager: EntityManager | null, scaikeyUserId: string): Promise<UserEntity | null> {
    return this.manager(manager).getRepository(UserEntity).findOneBy({ scaikeyUserId });
  }

  findGroup(manager: EntityManager | null, scaikeyGroupId: string): Promise<GroupEntity | null> {
    return this.manager(manager).getRepository(GroupEntity).findOneBy({ scaikeyGroupId });
  }

  async isMember(manager: EntityManager | null, groupId: string, userId: string): Promise<boolean> {
    return (await this.manager(manager).getRepository(GroupMemberEntity).countBy({ groupId, userId })) > 0;
  }

  // ---- writes ----

  newPartner(fields: Partial<PartnerEntity>): PartnerEntity {
    return this.dataSource.getRepository(PartnerEntity).create(fields);
  }

  newTenant(fields: Partial<TenantEntity>): TenantEntity {
    return this.dataSource.getRepository(TenantEntity).create(fields);
  }

  newUser(fields: Partial<UserEntity>): UserEntity {
    return this.dataSource.getRepository(UserEntity).create(fields);
  }

  newGroup(fields: Partial<GroupEntity>): GroupEntity {
    return this.dataSource.getRepository(GroupEntity).create(fields);
  }

  savePartner(manager: EntityManager, row: PartnerEntity): Promise<PartnerEntity> {
    return manager.getRepository(PartnerEntity).save(row);
  }

  saveTenant(manager: EntityManager, row: TenantEntity): Promise<TenantEntity> {
    return manager.getRepository(TenantEntity).save(row);
  }

  saveUser(manager: EntityManager, row: UserEntity): Promise<UserEntity> {
    return manager.getRepository(UserEntity).save(row);
  }

  saveGroup(manager: EntityManager, row: GroupEntity): Promise<GroupEntity> {
    return manager.getRepository(GroupEntity).save(row);
  }

  /** Deletes a cached group with its memberships and role assignments; returns how many assignments went. */
  async deleteGroup(manager: EntityManager, groupId: string): Promise<number> {
    const removed = await this.roles.deleteAssignmentsOfPrincipal('group', groupId, manager);
    await this.users.deleteGroup(groupId, manager);
    return removed;
  }

  addMember(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    return this.users.addMember(groupId, userId, manager);
  }

  removeMember(manager: EntityManager, groupId: string, userId: string): Promise<void> {
    return this.users.removeMember(groupId, userId, manager);
  }

  private manager(manager: EntityManager | null): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
