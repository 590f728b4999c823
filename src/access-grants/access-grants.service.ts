import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessGrantNotFoundError, RoleNotGrantableError } from 'src/access-grants/access-grants.errors';
import { AccessGrantsRepository, GrantView } from 'src/access-grants/access-grants.repository';
import {
  AccessGrantListResponseDto,
  AccessGrantResponseDto,
  CreateAccessGrantDto,
  ListAccessGrantsQueryDto,
  UpdateAccessGrantDto,
} from 'src/access-grants/dto/access-grant.dto';
import { AccessGrantEntity, GrantType } from 'src/access-grants/entities/access-grant.entity';
import { nonGrantableIn } from 'src/access-grants/grantable-permissions';
import { normaliseRecordPattern } from 'src/access-grants/record-pattern';
import { ZonePermissions } from 'src/access-grants/zone-access.service';
import { AuditService } from 'src/audit/audit.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from 'src/common/errors/app.exception';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { RECORD_TYPES } from 'src/records/content/record-types';
import { RoleEntity } from 'src/roles/entities/role.entity';
import { RolesRepository } from 'src/roles/roles.repository';
import { UsersRepository } from 'src/users/users.repository';
import { ZoneHandle, ZoneLookupService } from 'src/zone-store/zone-lookup.service';

interface ResolvedGrantee {
  type: GrantType;
  id: string;
  name: string;
}

/**
 * Access grants of one zone: a role delegated to a user or group of the tenant, optionally narrowed to record names
 * (glob) and types, optionally expiring. Reading needs `access_grants:read` and changing needs `access_grants:manage`,
 * both zone-wide (a grant narrowed to some records cannot manage the zone's grants). Nobody grants a role holding a
 * permission they lack on the zone. Grants are read live on every request (expiry included), so no cache has to be
 * invalidated when they change.
 */
@Injectable()
export class AccessGrantsService {
  constructor(
    private readonly zones: ZoneLookupService,
    private readonly grants: AccessGrantsRepository,
    private readonly roles: RolesRepository,
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(
    context: RequestContext,
    domainId: string,
    query: ListAccessGrantsQueryDto,
  ): Promise<AccessGrantListResponseDto> {
    const { domain } = await this.zoneFor(context, domainId, 'access_grants:read');
    const views = await this.grants.listForDomain(domain.tenantId, domain.id, query.include_expired ?? false);
    return { data: views.map(toAccessGrantDto), total: views.length };
  }

  async get(context: RequestContext, domainId: string, grantId: string): Promise<AccessGrantResponseDto> {
    const { domain } = await this.zoneFor(context, domainId, 'access_grants:read');
    return toAccessGrantDto(await this.viewOrThrow(domain, grantId));
  }

  async create(
    context: RequestContext,
    domainId: string,
    dto: CreateAccessGrantDto,
  ): Promise<AccessGrantResponseDto> {
    const { domain, access } = await this.zoneFor(context, domainId, 'access_grants:manage');
    const role = await this.resolveRole(
      domain.tenantId,
      dto.role ?? undefined,
      dto.role_id ?? undefined,
      true,
    );
    assertDelegable(access, role);
    const grantee = await this.resolveGrantee(domain.tenantId, dto.grant_type, dto.grantee_id);
    const fields = {
      tenantId: domain.tenantId,
      domainId: domain.id,
      grantType: grantee.type,
      granteeId: grantee.id,
      roleId: role.id,
      recordPattern: patternOf(dto.record_pattern),
      recordTypes: typesOf(dto.record_types),
      expiresAt: futureOrNull(dto.expires_at),
      notes: dto.notes ?? null,
      createdBy: context.principal?.userId ?? context.principal?.apiKeyId ?? null,
    };
    const saved = await this.transactions.run(async (manager) => {
      await this.assertNoTwin(fields, null, manager);
      const row = await this.grants.save(fields, manager);
      await this.audit.record(
        context,
        {
          action: 'access_grant.create',
          resourceType: 'access_grant',
          resourceId: row.id,
          resourceName: describe(role, grantee.type, grantee.name, domain),
          after: snapshot(row, role),
          extra: { domain_id: domain.id },
        },
        manager,
      );
      return row;
    });
    return toAccessGrantDto({ grant: saved, role, granteeName: grantee.name });
  }

  async update(
    context: RequestContext,
    domainId: string,
    grantId: string,
    dto: UpdateAccessGrantDto,
  ): Promise<AccessGrantResponseDto> {
    const { domain, access } = await this.zoneFor(context, domainId, 'access_grants:manage');
    const current = await this.viewOrThrow(domain, grantId);
    const roleChanged = dto.role !== undefined || dto.role_id !== undefined;
    const role = roleChanged
      ? await this.resolveRole(domain.tenantId, dto.role ?? undefined, dto.role_id ?? undefined, false)
      : current.role;
    if (!role) {
      throw new BadRequestError('The role of this grant was deleted: give a new role or delete the grant');
    }
    // Changing any part of a grant hands out its role again, so the caller must hold it.
    assertDelegable(access, role);
    const before = snapshot(current.grant, current.role);
    const grant = Object.assign(new AccessGrantEntity(), current.grant);
    grant.roleId = role.id;
    if (dto.record_pattern !== undefined) {
      grant.recordPattern = patternOf(dto.record_pattern);
    }
    if (dto.record_types !== undefined) {
      grant.recordTypes = typesOf(dto.record_types);
    }
    if (dto.expires_at !== undefined) {
      grant.expiresAt = futureOrNull(dto.expires_at);
    }
    if (dto.notes !== undefined) {
      grant.notes = dto.notes;
    }
    const saved = await this.transactions.run(async (manager) => {
      if (!isExpired(grant)) {
        await this.assertNoTwin(grant, grant.id, manager);
      }
      const row = await this.grants.save(grant, manager);
      await this.audit.record(
        context,
        {
          action: 'access_grant.update',
          resourceType: 'access_grant',
          resourceId: row.id,
          resourceName: describe(role, row.grantType, current.granteeName, domain),
          before,
          after: snapshot(row, role),
          extra: { domain_id: domain.id },
        },
        manager,
      );
      return row;
    });
    return toAccessGrantDto({ grant: saved, role, granteeName: current.granteeName });
  }

  async remove(context: RequestContext, domainId: string, grantId: string): Promise<void> {
    const { domain } = await this.zoneFor(context, domainId, 'access_grants:manage');
    const current = await this.viewOrThrow(domain, grantId);
    await this.transactions.run(async (manager) => {
      await this.grants.delete(domain.tenantId, current.grant.id, manager);
      await this.audit.record(
        context,
        {
          action: 'access_grant.delete',
          resourceType: 'access_grant',
          resourceId: current.grant.id,
          resourceName: describe(current.role, current.grant.grantType, current.granteeName, domain),
          before: snapshot(current.grant, current.role),
          extra: { domain_id: domain.id },
        },
        manager,
      );
    });
  }

  /**
   * The zone, for a caller holding the permission on the whole zone. ZoneLookupService already answers 404 for
   * zones the caller cannot see at all; a grant narrowed to some records does not manage the zone's grants.
   */
  private async zoneFor(
    context: RequestContext,
    domainId: string,
    permission: Permission,
  ): Promise<ZoneHandle> {
    const handle = await this.zones.get(context, domainId, permission);
    if (!handle.access.allows(permission)) {
      throw new ForbiddenError(`Permission denied: requires ${permission} on this zone`);
    }
    return handle;
  }

  private async viewOrThrow(domain: DomainEntity, grantId: string): Promise<GrantView> {
    const view = await this.grants.findViewInDomain(domain.tenantId, domain.id, grantId);
    if (!view) {
      throw new AccessGrantNotFoundError();
    }
    return view;
  }

  /** `role` (a name) or `role_id`, exactly one; a system role or a custom role of the tenant, zone-level only. */
  private async resolveRole(
    tenantId: string,
    name: string | undefined,
    id: string | undefined,
    required: boolean,
  ): Promise<RoleEntity> {
    if (name !== undefined && id !== undefined) {
      throw new RequestValidationException([
        {
          loc: ['body', 'role_id'],
          msg: 'give either role or role_id, not both',
          type: 'value_error.conflict',
        },
      ]);
    }
    if (name === undefined && id === undefined) {
      throw new RequestValidationException([
        {
          loc: ['body', 'role'],
          msg: required ? 'field required (role or role_id)' : 'role must not be null',
          type: 'value_error.missing',
        },
      ]);
    }
    const role =
      id !== undefined
        ? await this.roles.findVisible(tenantId, id)
        : await this.roles.findVisibleByName(tenantId, name!);
    if (!role) {
      throw new NotFoundError('Role');
    }
    const outside = nonGrantableIn(role.permissions);
    if (outside.length > 0) {
      throw new RoleNotGrantableError(role.name, outside);
    }
    return role;
  }

  /** A user or group of the tenant, by ScaiDNS id or ScaiKey id. */
  private async resolveGrantee(
    tenantId: string,
    type: GrantType,
    reference: string,
  ): Promise<ResolvedGrantee> {
    if (type === 'user') {
      const user = await this.users.findInTenant(tenantId, reference);
      if (!user) {
        throw new NotFoundError('User');
      }
      return { type, id: user.id, name: user.email ?? user.scaikeyUserId };
    }
    const group = await this.users.findGroupInTenant(tenantId, reference);
    if (!group) {
      throw new NotFoundError('Group');
    }
    return { type, id: group.id, name: group.name };
  }

  /** 409 when an unexpired grant with the same grantee, role and filters already exists on the zone. */
  private async assertNoTwin(
    fields: Pick<
      AccessGrantEntity,
      'tenantId' | 'domainId' | 'grantType' | 'granteeId' | 'roleId' | 'recordPattern' | 'recordTypes'
    >,
    exceptId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    const similar = await this.grants.findSimilar(fields, manager);
    const key = JSON.stringify(fields.recordTypes);
    if (
      similar.some((grant) => grant.id !== exceptId && JSON.stringify(typesOf(grant.recordTypes)) === key)
    ) {
      throw new ConflictError('An identical access grant already exists on this zone', 'ACCESS_GRANT_EXISTS');
    }
  }
}

/** Nobody hands out more than they have: every permission of the role must be held on the whole zone. */
function assertDelegable(access: ZonePermissions, role: RoleEntity): void {
  const missing = role.permissions.filter((permission) => !access.allows(permission));
  if (missing.length > 0) {
    throw new ForbiddenError(
      `You cannot grant role "${role.name}": it holds permissions you do not hold on this zone (${missing.join(', ')})`,
    );
  }
}

function patternOf(value: string | null | undefined): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  const result = normaliseRecordPattern(value);
  // The DTO validated it already; this keeps the stored form canonical.
  return result.ok ? result.pattern : value;
}

/** Deduplicated, in the catalogue's order, so equal sets compare equal. */
function typesOf(value: string[] | null | undefined): string[] | null {
  if (value === undefined || value === null) {
    return null;
  }
  const wanted = new Set(value);
  return RECORD_TYPES.filter((type) => wanted.has(type));
}

function futureOrNull(value: string | null | undefined): Date | null {
  if (value === undefined || value === null) {
    return null;
  }
  const expiresAt = new Date(value);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
    throw new BadRequestError('expires_at must be in the future');
  }
  return expiresAt;
}

function isExpired(grant: AccessGrantEntity): boolean {
  return grant.expiresAt !== null && grant.expiresAt.getTime() <= Date.now();
}

function describe(
  role: RoleEntity | null,
  type: GrantType,
  grantee: string | null,
  domain: DomainEntity,
): string {
  return `${role?.name ?? '(deleted role)'} → ${type} ${grantee ?? '(unknown)'} on ${domain.name}`;
}

function snapshot(grant: AccessGrantEntity, role: RoleEntity | null): Record<string, unknown> {
  return {
    grant_type: grant.grantType,
    grantee_id: grant.granteeId,
    role_id: grant.roleId,
    role: role?.name ?? null,
    record_pattern: grant.recordPattern,
    record_types: grant.recordTypes,
    expires_at: grant.expiresAt?.toISOString() ?? null,
    notes: grant.notes,
  };
}

export function toAccessGrantDto({ grant, role, granteeName }: GrantView): AccessGrantResponseDto {
  return {
    id: grant.id,
    domain_id: grant.domainId,
    grant_type: grant.grantType,
    grantee_id: grant.granteeId,
    grantee_name: granteeName,
    role: role?.name ?? null,
    role_id: grant.roleId,
    record_pattern: grant.recordPattern,
    record_types: grant.recordTypes,
    expires_at: grant.expiresAt,
    expired: isExpired(grant),
    notes: grant.notes,
    created_by: grant.createdBy,
    created_at: grant.createdAt,
    updated_at: grant.updatedAt,
  };
}
