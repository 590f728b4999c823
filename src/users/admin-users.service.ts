import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { ScaiKeyAdminClient, ScaiKeyAdminError, ScaiKeyUser } from 'src/auth/scaikey/scaikey-admin.client';
import { RequestContext } from 'src/common/context/request-context';
import { BadRequestError, ForbiddenError, NotFoundError } from 'src/common/errors/app.exception';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { isPlatformAdmin, requireTenant } from 'src/tenants/tenant-context';
import { TenantsService } from 'src/tenants/tenants.service';
import {
  AcceptedResponseDto,
  AdminUserDetailDto,
  AdminUserDto,
  AdminUserListQueryDto,
  CreateUserDto,
  InviteResponseDto,
  InviteUserDto,
  SetPasswordDto,
  UpdateUserDto,
} from 'src/users/dto/admin-user.dto';
import { UserEntity } from 'src/users/entities/user.entity';
import { UsersRepository } from 'src/users/users.repository';
import { UsersService } from 'src/users/users.service';

const INVITE_MESSAGE =
  'The user was created in ScaiKey without a password. ScaiKey e-mails an invitation where it is configured to ' +
  '(the development IdP sends none); otherwise set a password with POST /api/v1/admin/users/{user_id}/password.';
const RESEND_MESSAGE =
  'Invitations are sent by ScaiKey, which offers no resend through its admin API: nothing was sent. ' +
  'Set a password with POST /api/v1/admin/users/{user_id}/password, or resend from ScaiKey.';

/**
 * Users of a tenant: reads come from the local cache; writes go to ScaiKey's admin API (ScaiKey owns identities),
 * and the cache is updated from ScaiKey's answer at once, so the next read shows the change even before the
 * webhook arrives.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: UsersService,
    private readonly tenants: TenantsService,
    private readonly scaikey: ScaiKeyAdminClient,
    private readonly audit: AuditService,
  ) {}

  async list(context: RequestContext, query: AdminUserListQueryDto): Promise<Page<AdminUserDto>> {
    const tenantId = requireTenant(context);
    const page = pageRequest(query);
    const [rows, total] = await this.users.listInTenant(
      tenantId,
      { status: query.status, search: query.search },
      page,
    );
    return toPage(rows.map(toUserDto), total, page);
  }

  async get(context: RequestContext, reference: string): Promise<AdminUserDetailDto> {
    const user = await this.getOrThrow(context, reference);
    const groups = await this.users.groupsOf(user.id);
    return {
      ...toUserDto(user),
      groups: groups.map((group) => ({
        id: group.id,
        scaikey_group_id: group.scaikeyGroupId,
        name: group.name,
      })),
    };
  }

  async create(context: RequestContext, dto: CreateUserDto): Promise<AdminUserDto> {
    const tenant = await this.targetTenant(context, dto.tenant_id);
    const remote = await this.scaikey.createUser({
      email: dto.email,
      tenant_id: tenant.scaikeyTenantId,
      first_name: dto.first_name,
      last_name: dto.last_name,
      display_name: dto.display_name,
      password: dto.password,
    });
    const user = await this.cacheAndAudit(context, remote, 'user.create', null, {
      with_password: dto.password !== undefined,
    });
    return toUserDto(user);
  }

  /** ScaiKey invites users created without a password (where it is configured to send e-mail). */
  async invite(context: RequestContext, dto: InviteUserDto): Promise<InviteResponseDto> {
    const tenant = await this.targetTenant(context, dto.tenant_id);
    const remote = await this.scaikey.createUser({
      email: dto.email,
      tenant_id: tenant.scaikeyTenantId,
      first_name: dto.first_name,
      last_name: dto.last_name,
      display_name: dto.display_name,
    });
    const user = await this.cacheAndAudit(context, remote, 'user.invite', null);
    return { user: toUserDto(user), message: INVITE_MESSAGE };
  }

  async resendInvite(context: RequestContext, reference: string): Promise<AcceptedResponseDto> {
    const user = await this.manageable(context, reference);
    await this.audit.record(context, {
      action: 'user.resend_invite',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      tenantId: user.tenantId,
      extra: { delivered: false },
    });
    return { status: 'accepted', message: RESEND_MESSAGE };
  }

  async update(context: RequestContext, reference: string, dto: UpdateUserDto): Promise<AdminUserDto> {
    const user = await this.manageable(context, reference);
    const patch = {
      email: dto.email,
      first_name: dto.first_name,
      last_name: dto.last_name,
      display_name: dto.display_name,
    };
    if (Object.values(patch).every((value) => value === undefined)) {
      throw new BadRequestError('Nothing to update: send email, first_name, last_name or display_name');
    }
    const remote = await this.scaikey.updateUser(user.scaikeyUserId, patch);
    return toUserDto(await this.cacheAndAudit(context, remote, 'user.update', user));
  }

  /** Deactivates: ScaiKey soft-deletes the user (re-activatable); here they become inactive and cannot sign in. */
  async deactivate(context: RequestContext, reference: string): Promise<void> {
    const user = await this.manageable(context, reference);
    if (user.id === context.principal?.userId) {
      throw new BadRequestError('You cannot deactivate yourself');
    }
    await this.scaikey.deleteUser(user.scaikeyUserId).catch((error: unknown) => {
      // Already gone at ScaiKey: the cache just catches up.
      if (!(error instanceof ScaiKeyAdminError && error.status === 404)) {
        throw error;
      }
    });
    await this.users.transaction(async (manager) => {
      const updated = await this.cache.setStatus(user, 'inactive', manager);
      await this.audit.record(
        context,
        {
          action: 'user.deactivate',
          resourceType: 'user',
          resourceId: user.id,
          resourceName: user.email,
          before: snapshot(user),
          after: snapshot(updated),
          tenantId: user.tenantId,
        },
        manager,
      );
    });
  }

  async activate(context: RequestContext, reference: string): Promise<AdminUserDto> {
    const user = await this.manageable(context, reference);
    const remote = await this.scaikey.activateUser(user.scaikeyUserId);
    return toUserDto(await this.cacheAndAudit(context, remote, 'user.activate', user));
  }

  async setPassword(context: RequestContext, reference: string, dto: SetPasswordDto): Promise<void> {
    const user = await this.manageable(context, reference);
    await this.scaikey.setPassword(user.scaikeyUserId, dto.password);
    await this.audit.record(context, {
      action: 'user.password_change',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      tenantId: user.tenantId,
    });
  }

  private async getOrThrow(context: RequestContext, reference: string): Promise<UserEntity> {
    const tenantId = requireTenant(context);
    const user = reference.length <= 64 ? await this.users.findInTenant(tenantId, reference) : null;
    if (!user) {
      throw new NotFoundError('User');
    }
    return user;
  }

  /** A user of the tenant the caller may change: a person (not a service client), and a platform admin only for platform admins. */
  private async manageable(context: RequestContext, reference: string): Promise<UserEntity> {
    const user = await this.getOrThrow(context, reference);
    if (user.principalKind === 'service') {
      throw new BadRequestError('This is a ScaiKey service client, not a user; manage it in ScaiKey');
    }
    if (user.isPlatformAdmin && !isPlatformAdmin(context)) {
      throw new ForbiddenError('Only platform admins can change a platform admin');
    }
    return user;
  }

  /** The tenant to create a user in: the current one, or (platform admins only) the one named. */
  private async targetTenant(context: RequestContext, reference: string | undefined): Promise<TenantEntity> {
    const current = requireTenant(context);
    const tenant = reference
      ? await this.tenants.findByAnyId(reference)
      : await this.tenants.findById(current);
    if (tenant?.id === current) {
      return tenant;
    }
    if (!isPlatformAdmin(context)) {
      throw new ForbiddenError('You can only create users in your own tenant');
    }
    if (!tenant) {
      throw new NotFoundError('Tenant');
    }
    return tenant;
  }

  private async cacheAndAudit(
    context: RequestContext,
    remote: ScaiKeyUser,
    action: string,
    before: UserEntity | null,
    extra?: Record<string, unknown>,
  ): Promise<UserEntity> {
    const tenant = await this.tenants.ensureFromToken(remote.tenant_id, remote.partner_id ?? null);
    return this.users.transaction(async (manager) => {
      const user = await this.cache.cacheScaiKeyUser(remote, tenant.id, manager);
      await this.audit.record(
        context,
        {
          action,
          resourceType: 'user',
          resourceId: user.id,
          resourceName: user.email,
          before: before ? snapshot(before) : undefined,
          after: snapshot(user),
          tenantId: tenant.id,
          extra: { scaikey_user_id: remote.id, ...extra },
        },
        manager,
      );
      return user;
    });
  }
}

export function toUserDto(user: UserEntity): AdminUserDto {
  return {
    id: user.id,
    scaikey_user_id: user.scaikeyUserId,
    email: user.email,
    name: user.name,
    status: user.status,
    is_platform_admin: user.isPlatformAdmin,
    is_tenant_admin: user.isTenantAdmin,
    principal_kind: user.principalKind,
    tenant_id: user.tenantId,
    last_login_at: user.lastLoginAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

function snapshot(user: UserEntity): Record<string, unknown> {
  return {
    email: user.email,
    name: user.name,
    status: user.status,
    is_platform_admin: user.isPlatformAdmin,
    is_tenant_admin: user.isTenantAdmin,
  };
}
