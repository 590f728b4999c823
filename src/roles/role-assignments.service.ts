import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { PERMISSIONS } from 'src/auth/permissions';
import { PermissionSet } from 'src/auth/permission-set';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from 'src/common/errors/app.exception';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { DomainScopeVerifier } from 'src/roles/domain-scope.verifier';
import {
  CreateRoleAssignmentDto,
  RoleAssignmentListQueryDto,
  RoleAssignmentResponseDto,
} from 'src/roles/dto/role-assignment.dto';
import { PrincipalType, RoleAssignmentEntity, ScopeType } from 'src/roles/entities/role-assignment.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';
import { PermissionsService } from 'src/roles/permissions.service';
import { assertHolds, isDuplicateKeyError, platformPermissionsIn } from 'src/roles/role-rules';
import { AssignmentWithRole, RolesRepository } from 'src/roles/roles.repository';
import { isPlatformAdmin, requireTenant } from 'src/tenants/tenant-context';
import { TenantsService } from 'src/tenants/tenants.service';
import { isUuid } from 'src/tenants/tenants.repository';
import { TransactionRunner } from 'src/database/transaction-runner';
import { UsersRepository } from 'src/users/users.repository';

const PLATFORM_SCOPE_KEY = 'platform';

interface ResolvedPrincipal {
  type: PrincipalType;
  id: string;
  label: string;
}

/**
 * Who holds which role where. Assignments live in a tenant (tenant and domain scope) or on the platform (platform
 * scope, platform admins only). Every change bumps the permission cache version so it counts on the next request.
 */
@Injectable()
export class RoleAssignmentsService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly users: UsersRepository,
    private readonly tenants: TenantsService,
    private readonly permissions: PermissionsService,
    private readonly principals: PrincipalResolver,
    private readonly domains: DomainScopeVerifier,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(
    context: RequestContext,
    query: RoleAssignmentListQueryDto,
  ): Promise<Page<RoleAssignmentResponseDto>> {
    const tenantId = requireTenant(context);
    const page = pageRequest(query);
    let principalId: string | undefined;
    if (query.principal_id !== undefined) {
      const principal = await this.findPrincipal(tenantId, query.principal_type ?? null, query.principal_id);
      if (!principal) {
        return toPage([], 0, page);
      }
      principalId = principal.id;
    }
    const [rows, total] = await this.roles.listAssignmentsPage(
      {
        tenantId,
        includePlatform: isPlatformAdmin(context),
        includeExpired: query.include_expired ?? false,
        principalType: query.principal_type,
        principalId,
        scopeType: query.scope_type,
        roleId: query.role_id,
      },
      page,
    );
    return toPage(rows.map(toAssignmentDto), total, page);
  }

  async get(context: RequestContext, id: string): Promise<RoleAssignmentResponseDto> {
    return toAssignmentDto(await this.getOrThrow(context, id));
  }

  async create(context: RequestContext, dto: CreateRoleAssignmentDto): Promise<RoleAssignmentResponseDto> {
    const tenantId = requireTenant(context);
    const role = await this.findRole(tenantId, dto.role_id);
    const principal = await this.findPrincipal(tenantId, dto.principal_type, dto.principal_id);
    if (!principal) {
      throw new NotFoundError(dto.principal_type === 'user' ? 'User' : 'Group');
    }
    const scopeId = await this.resolveScope(context, tenantId, dto, role);
    assertHolds(
      await this.heldAt(context, dto.scope_type, scopeId),
      role.permissions,
      'You cannot assign a role with',
    );
    const expiresAt = parseExpiry(dto.expires_at);
    const scopeKey = scopeId ?? PLATFORM_SCOPE_KEY;
    const assignment = await this.transactions
      .run(async (manager) => {
        const existing = await this.roles.findDuplicateAssignment(
          {
            roleId: role.id,
            principalType: principal.type,
            principalId: principal.id,
            scopeType: dto.scope_type,
            scopeKey,
          },
          manager,
        );
        if (existing && !isExpired(existing)) {
          throw new ConflictError('Role already assigned');
        }
        if (existing) {
          // An expired assignment grants nothing; assigning again replaces it instead of answering 409.
          await this.roles.deleteAssignment(existing.id, manager);
        }
        const saved = await this.roles.saveAssignment(
          {
            roleId: role.id,
            principalType: principal.type,
            principalId: principal.id,
            scopeType: dto.scope_type,
            scopeId,
            scopeKey,
            tenantId: dto.scope_type === 'platform' ? null : tenantId,
            expiresAt,
            createdBy: context.principal?.userId ?? null,
          },
          manager,
        );
        await this.audit.record(
          context,
          {
            action: 'role.assign',
            resourceType: 'role_assignment',
            resourceId: saved.id,
            resourceName: `${role.name} → ${principal.type} ${principal.label}`,
            after: snapshot(saved, role),
            extra: existing ? { replaced_expired_assignment_id: existing.id } : undefined,
          },
          manager,
        );
        return saved;
      })
      .catch((error: unknown) => {
        throw isDuplicateKeyError(error) ? new ConflictError('Role already assigned') : error;
      });
    await this.permissions.invalidate();
    return toAssignmentDto({ assignment, role });
  }

  async remove(context: RequestContext, id: string): Promise<void> {
    const { assignment, role } = await this.getOrThrow(context, id);
    await this.transactions.run(async (manager) => {
      await this.roles.deleteAssignment(assignment.id, manager);
      await this.audit.record(
        context,
        {
          action: 'role.revoke',
          resourceType: 'role_assignment',
          resourceId: assignment.id,
          resourceName: `${role.name} → ${assignment.principalType} ${assignment.principalId}`,
          before: snapshot(assignment, role),
        },
        manager,
      );
    });
    await this.permissions.invalidate();
  }

  private async getOrThrow(context: RequestContext, id: string): Promise<AssignmentWithRole> {
    const tenantId = requireTenant(context);
    const found = isUuid(id)
      ? await this.roles.findAssignmentVisible(tenantId, id, isPlatformAdmin(context))
      : null;
    if (!found) {
      throw new NotFoundError('Role assignment');
    }
    return found;
  }

  private async findRole(tenantId: string, reference: string): Promise<RoleEntity> {
    const role = isUuid(reference)
      ? await this.roles.findVisible(tenantId, reference)
      : await this.roles.findVisibleByName(tenantId, reference);
    if (!role) {
      throw new NotFoundError('Role');
    }
    return role;
  }

  /** A user or group of the tenant, by ScaiDNS id or ScaiKey id; with no type given, users are tried first. */
  private async findPrincipal(
    tenantId: string,
    type: PrincipalType | null,
    reference: string,
  ): Promise<ResolvedPrincipal | null> {
    if (type !== 'group') {
      const user = await this.users.findInTenant(tenantId, reference);
      if (user) {
        return { type: 'user', id: user.id, label: user.email ?? user.scaikeyUserId };
      }
    }
    if (type !== 'user') {
      const group = await this.users.findGroupInTenant(tenantId, reference);
      if (group) {
        return { type: 'group', id: group.id, label: group.name };
      }
    }
    return null;
  }

  /** The scope id to store (null for platform), after checking the caller may use that scope at all. */
  private async resolveScope(
    context: RequestContext,
    tenantId: string,
    dto: CreateRoleAssignmentDto,
    role: RoleEntity,
  ): Promise<string | null> {
    const scopeId = dto.scope_id ?? null;
    const platformOnly = platformPermissionsIn(role.permissions);
    switch (dto.scope_type) {
      case 'platform':
        if (!isPlatformAdmin(context)) {
          throw new ForbiddenError('Only platform admins can assign roles at platform scope');
        }
        if (scopeId !== null) {
          throw new BadRequestError('scope_id must be omitted for platform scope');
        }
        if (!role.isSystem) {
          throw new BadRequestError('Only system roles can be assigned at platform scope');
        }
        return null;
      case 'tenant': {
        if (platformOnly.length > 0) {
          throw new BadRequestError(
            `Role "${role.name}" holds platform permissions and can only be assigned at platform scope`,
          );
        }
        if (scopeId !== null) {
          const named = await this.tenants.findByAnyId(scopeId);
          if (named?.id !== tenantId) {
            throw new ForbiddenError(
              'A tenant-scoped assignment applies to the current tenant only (platform admins: send X-Tenant-ID)',
            );
          }
        }
        return tenantId;
      }
      case 'domain':
        if (platformOnly.length > 0) {
          throw new BadRequestError(
            `Role "${role.name}" holds platform permissions and can only be assigned at platform scope`,
          );
        }
        if (scopeId === null || !isUuid(scopeId)) {
          throw new RequestValidationException([
            {
              loc: ['body', 'scope_id'],
              msg:
                scopeId === null ? 'field required for domain scope' : 'scope_id must be a domain id (UUID)',
              type: scopeId === null ? 'value_error.missing' : 'value_error.uuid',
            },
          ]);
        }
        await this.domains.assertDomainInTenant(context, scopeId.toLowerCase());
        return scopeId.toLowerCase();
    }
  }

  /** What the caller holds at the scope being granted: everything for platform admins, else their effective set. */
  private async heldAt(
    context: RequestContext,
    scopeType: ScopeType,
    scopeId: string | null,
  ): Promise<PermissionSet> {
    if (scopeType === 'platform') {
      return PermissionSet.of(isPlatformAdmin(context) ? PERMISSIONS : []);
    }
    return this.principals.permissionsOf(context, scopeType === 'domain' ? scopeId : null);
  }
}

function isExpired(assignment: RoleAssignmentEntity): boolean {
  return assignment.expiresAt !== null && assignment.expiresAt.getTime() <= Date.now();
}

function parseExpiry(value: string | null | undefined): Date | null {
  if (value === undefined || value === null) {
    return null;
  }
  const expiresAt = new Date(value);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
    throw new BadRequestError('expires_at must be in the future');
  }
  return expiresAt;
}

function snapshot(assignment: RoleAssignmentEntity, role: RoleEntity): Record<string, unknown> {
  return {
    role_id: role.id,
    role_name: role.name,
    principal_type: assignment.principalType,
    principal_id: assignment.principalId,
    scope_type: assignment.scopeType,
    scope_id: assignment.scopeId,
    expires_at: assignment.expiresAt?.toISOString() ?? null,
  };
}

export function toAssignmentDto({ assignment, role }: AssignmentWithRole): RoleAssignmentResponseDto {
  return {
    id: assignment.id,
    role_id: assignment.roleId,
    role_name: role.name,
    principal_type: assignment.principalType,
    principal_id: assignment.principalId,
    scope_type: assignment.scopeType,
    scope_id: assignment.scopeId,
    tenant_id: assignment.tenantId,
    expires_at: assignment.expiresAt,
    is_expired: isExpired(assignment),
    created_by: assignment.createdBy,
    created_at: assignment.createdAt,
  };
}
