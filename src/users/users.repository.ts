import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { escapeLike, isUuid } from 'src/tenants/tenants.repository';
import { AccessGrantEntity } from 'src/access-grants/entities/access-grant.entity';
import { GroupMemberEntity } from 'src/users/entities/group-member.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';

export type UserUpsert = Partial<Omit<UserEntity, 'id' | 'createdAt' | 'updatedAt'>> & {
  scaikeyUserId: string;
  tenantId: string;
};

export type GroupUpsert = Partial<Omit<GroupEntity, 'id' | 'createdAt' | 'updatedAt'>> & {
  scaikeyGroupId: string;
  tenantId: string;
};

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(GroupEntity) private readonly groups: Repository<GroupEntity>,
    @InjectRepository(GroupMemberEntity) private readonly members: Repository<GroupMemberEntity>,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByScaikeyId(scaikeyUserId: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ scaikeyUserId });
  }

  /** A user of one tenant, by ScaiDNS id or ScaiKey id; null for other tenants' users. */
  findInTenant(tenantId: string, reference: string): Promise<UserEntity | null> {
    return this.users.findOne({
      where: [
        { tenantId, scaikeyUserId: reference },
        ...(isUuid(reference) ? [{ tenantId, id: reference }] : []),
      ],
    });
  }

  async upsert(input: UserUpsert, manager?: EntityManager): Promise<UserEntity> {
    const users = manager ? manager.getRepository(UserEntity) : this.users;
    const row =
      (await users.findOneBy({ scaikeyUserId: input.scaikeyUserId })) ?? users.create({ status: 'active' });
    for (const [field, value] of Object.entries(input)) {
      if (value !== undefined) {
        Object.assign(row, { [field]: value });
      }
    }
    return users.save(row);
  }

  /** Runs `work` in one database transaction; pass the manager to every write (and to the audit entry). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  /** Creates or refreshes a cached group; fields left undefined keep their stored value. */
  async upsertGroup(input: GroupUpsert, manager?: EntityManager): Promise<GroupEntity> {
    const groups = manager ? manager.getRepository(GroupEntity) : this.groups;
    const row =
      (await groups.findOneBy({ scaikeyGroupId: input.scaikeyGroupId })) ??
      groups.create({ groupType: 'SECURITY' });
    for (const [field, value] of Object.entries(input)) {
      if (value !== undefined) {
        Object.assign(row, { [field]: value });
      }
    }
    return groups.save(row);
  }

  /** Removes a cached group and its memberships. */
  async deleteGroup(groupId: string, manager?: EntityManager): Promise<void> {
    const members = manager ? manager.getRepository(GroupMemberEntity) : this.members;
    const groups = manager ? manager.getRepository(GroupEntity) : this.groups;
    await members.delete({ groupId });
    // A deleted group's zone grants go with it (its role assignments are removed by the caller).
    await (manager ?? this.groups.manager).delete(AccessGrantEntity, {
      grantType: 'group',
      granteeId: groupId,
    });
    await groups.delete({ id: groupId });
  }

  /** Idempotent: adding an existing membership changes nothing. */
  async addMember(groupId: string, userId: string, manager?: EntityManager): Promise<void> {
    const members = manager ? manager.getRepository(GroupMemberEntity) : this.members;
    await members
      .createQueryBuilder()
      .insert()
      .into(GroupMemberEntity)
      .values({ groupId, userId })
      .orIgnore()
      .execute();
  }

  async removeMember(groupId: string, userId: string, manager?: EntityManager): Promise<void> {
    const members = manager ? manager.getRepository(GroupMemberEntity) : this.members;
    await members.delete({ groupId, userId });
  }

  /** The cached members of a group, by email. */
  membersOf(groupId: string): Promise<UserEntity[]> {
    return this.users
      .createQueryBuilder('user')
      .innerJoin(GroupMemberEntity, 'member', 'member.user_id = user.id')
      .where('member.group_id = :groupId', { groupId })
      .orderBy('user.email', 'ASC')
      .getMany();
  }

  /** The cached groups a user belongs to, by name. */
  groupsOf(userId: string): Promise<GroupEntity[]> {
    return this.groups
      .createQueryBuilder('grp')
      .innerJoin(GroupMemberEntity, 'member', 'member.group_id = grp.id')
      .where('member.user_id = :userId', { userId })
      .orderBy('grp.name', 'ASC')
      .getMany();
  }

  async listGroupsPage(
    tenantId: string,
    filter: { search?: string },
    page: PageRequest,
  ): Promise<[GroupEntity[], number]> {
    const query = this.groups
      .createQueryBuilder('grp')
      .where('grp.tenant_id = :tenantId', { tenantId })
      .orderBy('grp.name', 'ASC')
      .addOrderBy('grp.id', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.search) {
      query.andWhere('(grp.name LIKE :search OR grp.description LIKE :search)', {
        search: `%${escapeLike(filter.search)}%`,
      });
    }
    return query.getManyAndCount();
  }

  async listInTenant(
    tenantId: string,
    filter: { status?: string; search?: string },
    page: PageRequest,
  ): Promise<[UserEntity[], number]> {
    const query = this.users
      .createQueryBuilder('user')
      .where('user.tenant_id = :tenantId', { tenantId })
      .orderBy('user.email', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (filter.status) {
      query.andWhere('user.status = :status', { status: filter.status });
    }
    if (filter.search) {
      query.andWhere('(user.email LIKE :search OR user.name LIKE :search)', {
        search: `%${escapeLike(filter.search)}%`,
      });
    }
    return query.getManyAndCount();
  }

  async groupIdsOf(userId: string): Promise<string[]> {
    const rows = await this.members.find({ where: { userId }, select: { groupId: true } });
    return rows.map((row) => row.groupId);
  }

  findGroupById(id: string): Promise<GroupEntity | null> {
    return this.groups.findOneBy({ id });
  }

  findGroupInTenant(tenantId: string, reference: string): Promise<GroupEntity | null> {
    return this.groups.findOne({
      where: [
        { tenantId, scaikeyGroupId: reference },
        ...(isUuid(reference) ? [{ tenantId, id: reference }] : []),
      ],
    });
  }

  async listGroupsInTenant(tenantId: string, page: PageRequest): Promise<[GroupEntity[], number]> {
    return this.groups.findAndCount({
      where: { tenantId },
      order: { name: 'ASC' },
      skip: page.offset,
      take: page.pageSize,
    });
  }

  async memberCounts(groupIds: string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) {
      return new Map();
    }
    const rows = await this.members
      .createQueryBuilder('member')
      .select('member.group_id', 'groupId')
      .addSelect('COUNT(*)', 'count')
      .where({ groupId: In(groupIds) })
      .groupBy('member.group_id')
      .getRawMany<{ groupId: string; count: string }>();
    return new Map(rows.map((row) => [row.groupId, Number(row.count)]));
  }
}
