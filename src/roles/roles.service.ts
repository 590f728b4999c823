import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from 'src/common/errors/app.exception';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { CreateRoleDto, RoleListQueryDto, RoleResponseDto, UpdateRoleDto } from 'src/roles/dto/role.dto';
import { RoleEntity } from 'src/roles/entities/role.entity';
import { PermissionsService } from 'src/roles/permissions.service';
import {
  PLATFORM_PERMISSIONS,
  assertHolds,
  isDuplicateKeyError,
  normalisePermissions,
  platformPermissionsIn,
} from 'src/roles/role-rules';
import { RolesRepository } from 'src/roles/roles.repository';
import { SYSTEM_ROLE_NAMES, SystemRoleName } from 'src/roles/system-roles';
import { requireTenant } from 'src/tenants/tenant-context';
import { isUuid } from 'src/tenants/tenants.repository';
import { TransactionRunner } from 'src/database/transaction-runner';

/** Custom roles of a tenant, next to the seven read-only system roles. */
@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsService,
    private readonly principals: PrincipalResolver,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(context: RequestContext, query: RoleListQueryDto): Promise<Page<RoleResponseDto>> {
    const tenantId = requireTenant(context);
    const page = pageRequest(query);
    const [rows, total] = await this.roles.listVisiblePage(tenantId, page);
    const counts = await this.roles.countAssignmentsInTenant(
      tenantId,
      rows.map((role) => role.id),
    );
    return toPage(
      rows.map((role) => toRoleDto(role, counts.get(role.id) ?? 0)),
      total,
      page,
    );
  }

  async get(context: RequestContext, id: string): Promise<RoleResponseDto> {
    const tenantId = requireTenant(context);
    const role = await this.getOrThrow(tenantId, id);
    return this.withCount(tenantId, role);
  }

  async create(context: RequestContext, dto: CreateRoleDto): Promise<RoleResponseDto> {
    const tenantId = requireTenant(context);
    const permissions = normalisePermissions(dto.permissions);
    assertHolds(await this.principals.permissionsOf(context), permissions, 'A role cannot include');
    assertNoPlatformPermissions(permissions);
    await this.assertNameFree(tenantId, dto.name, null);
    const role = await this.transactions
      .run(async (manager) => {
        const saved = await this.roles.saveRole(
          this.roles.createRole({
            name: dto.name,
            description: dto.description ?? null,
            permissions,
            tenantId,
            tenantKey: tenantId,
            isSystem: false,
          }),
          manager,
        );
        await this.audit.record(
          context,
          {
            action: 'role.create',
            resourceType: 'role',
            resourceId: saved.id,
            resourceName: saved.name,
            after: snapshot(saved),
          },
          manager,
        );
        return saved;
      })
      .catch((error: unknown) => {
        throw isDuplicateKeyError(error) ? new ConflictError(`Role "${dto.name}" already exists`) : error;
      });
    await this.permissions.invalidate();
    return toRoleDto(role, 0);
  }

  async update(context: RequestContext, id: string, dto: UpdateRoleDto): Promise<RoleResponseDto> {
    const tenantId = requireTenant(context);
    const role = await this.getOrThrow(tenantId, id);
    assertCustom(role, 'changed');
    const before = snapshot(role);
    if (dto.permissions !== undefined) {
      const permissions = normalisePermissions(dto.permissions);
      // Removing is always allowed; whatever is added must be held by the caller.
      const added = permissions.filter((permission) => !role.permissions.includes(permission));
      assertHolds(await this.principals.permissionsOf(context), added, 'A role cannot include');
      assertNoPlatformPermissions(permissions);
      role.permissions = permissions;
    }
    if (dto.name !== undefined && dto.name !== role.name) {
      await this.assertNameFree(tenantId, dto.name, role.id);
      role.name = dto.name;
    }
    if (dto.description !== undefined) {
      role.description = dto.description;
    }
    const saved = await this.transactions
      .run(async (manager) => {
        const result = await this.roles.saveRole(role, manager);
        await this.audit.record(
          context,
          {
            action: 'role.update',
            resourceType: 'role',
            resourceId: role.id,
            resourceName: role.name,
            before,
            after: snapshot(result),
          },
          manager,
        );
        return result;
      })
      .catch((error: unknown) => {
        throw isDuplicateKeyError(error) ? new ConflictError(`Role "${role.name}" already exists`) : error;
      });
    await this.permissions.invalidate();
    return this.withCount(tenantId, saved);
  }

  /** Deletes a custom role together with every assignment of it. */
  async remove(context: RequestContext, id: string): Promise<void> {
    const tenantId = requireTenant(context);
    const role = await this.getOrThrow(tenantId, id);
    assertCustom(role, 'deleted');
    await this.transactions.run(async (manager) => {
      const removedAssignments = await this.roles.deleteRole(tenantId, role.id, manager);
      await this.audit.record(
        context,
        {
          action: 'role.delete',
          resourceType: 'role',
          resourceId: role.id,
          resourceName: role.name,
          before: snapshot(role),
          extra: { removed_assignments: removedAssignments },
        },
        manager,
      );
    });
    await this.permissions.invalidate();
  }

  private async getOrThrow(tenantId: string, id: string): Promise<RoleEntity> {
    const role = isUuid(id) ? await this.roles.findVisible(tenantId, id) : null;
    if (!role) {
      throw new NotFoundError('Role');
    }
    return role;
  }

  private async withCount(tenantId: string, role: RoleEntity): Promise<RoleResponseDto> {
    const counts = await this.roles.countAssignmentsInTenant(tenantId, [role.id]);
    return toRoleDto(role, counts.get(role.id) ?? 0);
  }

  private async assertNameFree(tenantId: string, name: string, selfId: string | null): Promise<void> {
    if (SYSTEM_ROLE_NAMES.includes(name as SystemRoleName)) {
      throw new ConflictError(`"${name}" is the name of a system role`);
    }
    const existing = await this.roles.findVisibleByName(tenantId, name);
    if (existing && existing.id !== selfId) {
      throw new ConflictError(`Role "${name}" already exists`);
    }
  }
}

export function toRoleDto(role: RoleEntity, assignmentCount: number): RoleResponseDto {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    is_system: role.isSystem,
    tenant_id: role.tenantId,
    permissions: normalisePermissions(role.permissions),
    assignment_count: assignmentCount,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

function assertCustom(role: RoleEntity, verb: string): void {
  if (role.isSystem) {
    throw new ForbiddenError(
      `System roles are read-only and cannot be ${verb}; create a custom role instead`,
    );
  }
}

function assertNoPlatformPermissions(permissions: Permission[]): void {
  const platform = platformPermissionsIn(permissions);
  if (platform.length > 0) {
    throw new BadRequestError(
      `Custom roles cannot contain platform permissions (${platform.join(', ')}); ` +
        `only platform admins hold ${PLATFORM_PERMISSIONS.join(', ')}`,
    );
  }
}

function snapshot(role: RoleEntity): Record<string, unknown> {
  return {
    name: role.name,
    description: role.description,
    permissions: normalisePermissions(role.permissions),
  };
}
