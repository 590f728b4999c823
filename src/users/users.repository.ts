import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { escapeLike, isUuid } from 'src/tenants/tenants.repository';
import { GroupMemberEntity } from 'src/users/entities/group-member.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';

export type UserUpsert = Partial<Omit<UserEntity, 'id' | 'createdAt' | 'updatedAt'>> & {
  scaikeyUserId: string;
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
      where: [{ tenantId, scaikeyUserId: reference }, ...(isUuid(reference) ? [{ tenantId, id: reference }] : [])],
    });
  }

  async upsert(input: UserUpsert): Promise<UserEntity> {
    const row = (await this.findByScaikeyId(input.scaikeyUserId)) ?? this.users.create({ status: 'active' });
    for (const [field, value] of Object.entries(input)) {
      if (value !== undefined) {
        Object.assign(row, { [field]: value });
      }
    }
    return this.users.save(row);
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
      where: [{ tenantId, scaikeyGroupId: reference }, ...(isUuid(reference) ? [{ tenantId, id: reference }] : [])],
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
