import { Injectable } from '@nestjs/common';
import { MeContextDto, MeDto, TenantSummaryDto } from 'src/auth/dto/me.dto';
import { PermissionCheckResponseDto } from 'src/auth/dto/auth.dto';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { TenantsService } from 'src/tenants/tenants.service';
import { UsersRepository } from 'src/users/users.repository';

/** "Who am I" answers, built from the local cache and the effective permissions. */
@Injectable()
export class MeService {
  constructor(
    private readonly principals: PrincipalResolver,
    private readonly tenants: TenantsService,
    private readonly users: UsersRepository,
  ) {}

  async describe(context: RequestContext, includeClaims: boolean): Promise<MeDto> {
    const principal = context.principal!;
    const user = principal.userId ? await this.users.findById(principal.userId) : null;
    const tenant = context.tenantId ? await this.tenants.findById(context.tenantId) : null;
    const permissions = await this.principals.permissionsOf(context);
    return {
      id: user?.id ?? principal.subject,
      principal_type: principal.type,
      scaikey_user_id: user?.scaikeyUserId ?? principal.subject,
      email: principal.email,
      name: user?.name ?? null,
      tenant_id: context.tenantId,
      scaikey_tenant_id: tenant?.scaikeyTenantId ?? null,
      is_platform_admin: principal.isPlatformAdmin,
      is_tenant_admin: user?.isTenantAdmin ?? false,
      permissions: permissions.list(),
      api_key_id: principal.apiKeyId,
      scopes: principal.apiKeyScopes,
      ...(includeClaims && principal.type === 'user' ? { claims: principal.claims } : {}),
    };
  }

  async context(context: RequestContext): Promise<MeContextDto> {
    const principal = context.principal!;
    const [user, tenant, home] = await Promise.all([
      this.describe(context, false),
      context.tenantId ? this.tenants.findById(context.tenantId) : null,
      principal.homeTenantId ? this.tenants.findById(principal.homeTenantId) : null,
    ]);
    const groupIds = principal.userId ? await this.users.groupIdsOf(principal.userId) : [];
    const groups = await Promise.all(groupIds.map((id) => this.users.findGroupById(id)));
    return {
      user,
      tenant: summary(tenant),
      home_tenant: summary(home),
      groups: groups.flatMap((group) => (group ? [{ id: group.id, name: group.name }] : [])),
    };
  }

  async check(
    context: RequestContext,
    permission: Permission,
    domainId: string | null,
  ): Promise<PermissionCheckResponseDto> {
    const permissions = await this.principals.permissionsOf(context, domainId);
    return { permission, allowed: permissions.has(permission), domain_id: domainId };
  }
}

function summary(tenant: TenantEntity | null): TenantSummaryDto | null {
  return tenant
    ? {
        id: tenant.id,
        scaikey_tenant_id: tenant.scaikeyTenantId,
        name: tenant.name,
        slug: tenant.slug,
        status: tenant.status,
      }
    : null;
}
