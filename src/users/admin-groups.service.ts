import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { ScaiKeyAdminClient, ScaiKeyAdminError, ScaiKeyGroup } from 'src/auth/scaikey/scaikey-admin.client';
import { RequestContext } from 'src/common/context/request-context';
import { BadRequestError, ConflictError, NotFoundError } from 'src/common/errors/app.exception';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { PermissionsService } from 'src/roles/permissions.service';
import { assertHolds } from 'src/roles/role-rules';
import { RolesRepository } from 'src/roles/roles.repository';
import { requireTenant } from 'src/tenants/tenant-context';
import { TenantsService } from 'src/tenants/tenants.service';
import {
  AddGroupMemberDto,
  AdminGroupDetailDto,
  AdminGroupDto,
  AdminGroupListQueryDto,
  CreateGroupDto,
  UpdateGroupDto,
} from 'src/users/dto/admin-group.dto';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';
import { UsersRepository } from 'src/users/users.repository';
import { UsersService } from 'src/users/users.service';

/**
 * Groups of a tenant: reads from the local cache, writes through ScaiKey's admin API with the cache updated from
 * ScaiKey's answer. Membership changes alter effective permissions, so they bump the permission cache.
 */
@Injectable()
export class AdminGroupsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: UsersService,
    private readonly tenants: TenantsService,
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsService,
    private readonly principals: PrincipalResolver,
    private readonly scaikey: ScaiKeyAdminClient,
    private readonly audit: AuditService,
  ) {}

  async list(context: RequestContext, query: AdminGroupListQueryDto): Promise<Page<AdminGroupDto>> {
    const tenantId = requireTenant(context);
    const page = pageRequest(query);
    const [rows, total] = await this.users.listGroupsPage(tenantId, { search: query.search }, page);
    const counts = await this.users.memberCounts(rows.map((group) => group.id));
    return toPage(
      rows.map((group) => toGroupDto(group, counts.get(group.id) ?? 0)),
      total,
      page,
    );
  }

  async get(context: RequestContext, reference: string): Promise<AdminGroupDetailDto> {
    return this.detail(await this.getOrThrow(context, reference));
  }

  async create(context: RequestContext, dto: CreateGroupDto): Promise<AdminGroupDetailDto> {
    const tenant = await this.tenants.findById(requireTenant(context));
    if (!tenant) {
      throw new NotFoundError('Tenant');
    }
    const remote = await this.scaikey.createGroup({
      tenant_id: tenant.scaikeyTenantId,
      name: dto.name,
      description: dto.description,
      group_type: dto.group_type,
    });
    return this.detail(await this.cacheAndAudit(context, remote, tenant.id, 'group.create', null));
  }

  async update(
    context: RequestContext,
    reference: string,
    dto: UpdateGroupDto,
  ): Promise<AdminGroupDetailDto> {
    const group = await this.getOrThrow(context, reference);
    const patch = { name: dto.name, description: dto.description, group_type: dto.group_type };
    if (Object.values(patch).every((value) => value === undefined)) {
      throw new BadRequestError('Nothing to update: send name, description or group_type');
    }
    const remote = await this.scaikey.updateGroup(group.scaikeyGroupId, patch);
    return this.detail(await this.cacheAndAudit(context, remote, group.tenantId, 'group.update', group));
  }

  /** Deletes the group at ScaiKey and here, with its memberships and role assignments. */
  async remove(context: RequestContext, reference: string): Promise<void> {
    const group = await this.getOrThrow(context, reference);
    await this.scaikey.deleteGroup(group.scaikeyGroupId).catch(ignoreNotFound);
    await this.users.transaction(async (manager) => {
      const removedAssignments = await this.roles.deleteAssignmentsOfPrincipal('group', group.id, manager);
      await this.users.deleteGroup(group.id, manager);
      await this.audit.record(
        context,
        {
          action: 'group.delete',
          resourceType: 'group',
          resourceId: group.id,
          resourceName: group.name,
          before: snapshot(group),
          extra: { scaikey_group_id: group.scaikeyGroupId, removed_assignments: removedAssignments },
        },
        manager,
      );
    });
    await this.permissions.invalidate();
  }

  async addMember(
    context: RequestContext,
    reference: string,
    dto: AddGroupMemberDto,
  ): Promise<AdminGroupDetailDto> {
    const group = await this.getOrThrow(context, reference);
    const user = await this.memberCandidate(group, dto.user_id);
    // A member receives the group's roles: nobody may hand those out through a membership without holding them.
    assertHolds(
      await this.principals.permissionsOf(context),
      await this.grantedThrough(group),
      'Adding a member to this group would grant',
    );
    try {
      await this.scaikey.addGroupMember(group.scaikeyGroupId, user.scaikeyUserId);
    } catch (error) {
      if (error instanceof ScaiKeyAdminError && error.status === 409) {
        // ScaiKey already has the membership: let the cache catch up, and say so.
        await this.users.addMember(group.id, user.id);
        await this.permissions.invalidate();
        throw new ConflictError('User is already a member of this group');
      }
      throw error;
    }
    await this.users.transaction(async (manager) => {
      await this.users.addMember(group.id, user.id, manager);
      await this.audit.record(context, memberEntry('group.member_add', group, user), manager);
    });
    await this.permissions.invalidate();
    return this.detail(group);
  }

  async removeMember(context: RequestContext, reference: string, userReference: string): Promise<void> {
    const group = await this.getOrThrow(context, reference);
    const user = await this.memberCandidate(group, userReference);
    try {
      await this.scaikey.removeGroupMember(group.scaikeyGroupId, user.scaikeyUserId);
    } catch (error) {
      if (error instanceof ScaiKeyAdminError && error.status === 404) {
        await this.users.removeMember(group.id, user.id);
        await this.permissions.invalidate();
      }
      throw error;
    }
    await this.users.transaction(async (manager) => {
      await this.users.removeMember(group.id, user.id, manager);
      await this.audit.record(context, memberEntry('group.member_remove', group, user), manager);
    });
    await this.permissions.invalidate();
  }

  private async getOrThrow(context: RequestContext, reference: string): Promise<GroupEntity> {
    const tenantId = requireTenant(context);
    const group = reference.length <= 64 ? await this.users.findGroupInTenant(tenantId, reference) : null;
    if (!group) {
      throw new NotFoundError('Group');
    }
    return group;
  }

  private async memberCandidate(group: GroupEntity, reference: string): Promise<UserEntity> {
    const user = reference.length <= 64 ? await this.users.findInTenant(group.tenantId, reference) : null;
    if (!user) {
      throw new NotFoundError('User');
    }
    if (user.principalKind === 'service') {
      throw new BadRequestError('Service clients cannot be group members');
    }
    return user;
  }

  /** Every permission the group's unexpired role assignments give in its tenant (any scope). */
  private async grantedThrough(group: GroupEntity): Promise<Permission[]> {
    const principal = [{ type: 'group' as const, id: group.id }];
    const [broad, zones] = await Promise.all([
      this.roles.assignmentsFor(principal, group.tenantId, null),
      this.roles.domainAssignmentsInTenant(principal, group.tenantId),
    ]);
    return [...new Set([...broad, ...zones].flatMap(({ role }) => role.permissions))];
  }

  private async detail(group: GroupEntity): Promise<AdminGroupDetailDto> {
    const members = await this.users.membersOf(group.id);
    return {
      ...toGroupDto(group, members.length),
      members: members.map((user) => ({
        id: user.id,
        scaikey_user_id: user.scaikeyUserId,
        email: user.email,
        name: user.name,
        status: user.status,
      })),
    };
  }

  private cacheAndAudit(
    context: RequestContext,
    remote: ScaiKeyGroup,
    tenantId: string,
    action: string,
    before: GroupEntity | null,
  ): Promise<GroupEntity> {
    return this.users.transaction(async (manager) => {
      const group = await this.cache.cacheScaiKeyGroup(remote, tenantId, manager);
      await this.audit.record(
        context,
        {
          action,
          resourceType: 'group',
          resourceId: group.id,
          resourceName: group.name,
          before: before ? snapshot(before) : undefined,
          after: snapshot(group),
          extra: { scaikey_group_id: remote.id },
        },
        manager,
      );
      return group;
    });
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof ScaiKeyAdminError && error.status === 404)) {
    throw error;
  }
}

function memberEntry(action: string, group: GroupEntity, user: UserEntity) {
  return {
    action,
    resourceType: 'group',
    resourceId: group.id,
    resourceName: group.name,
    extra: { user_id: user.id, scaikey_user_id: user.scaikeyUserId, email: user.email },
  };
}

export function toGroupDto(group: GroupEntity, memberCount: number): AdminGroupDto {
  return {
    id: group.id,
    scaikey_group_id: group.scaikeyGroupId,
    tenant_id: group.tenantId,
    name: group.name,
    description: group.description,
    group_type: group.groupType,
    member_count: memberCount,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
  };
}

function snapshot(group: GroupEntity): Record<string, unknown> {
  return { name: group.name, description: group.description, group_type: group.groupType };
}
