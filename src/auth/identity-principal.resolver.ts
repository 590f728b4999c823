import { Injectable } from '@nestjs/common';
import { AccessGrantsRepository } from 'src/access-grants/access-grants.repository';
import { isGrantable } from 'src/access-grants/grantable-permissions';
import { ApiKeysService } from 'src/api-keys/api-keys.service';
import { ScaiKeyClaims } from 'src/auth/jwt/jwt-verifier.service';
import { Permission } from 'src/auth/permissions';
import { PermissionSet } from 'src/auth/permission-set';
import { Principal } from 'src/auth/principal';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError, NotFoundError, UnauthorizedError } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';
import { PermissionSubject, PermissionsService } from 'src/roles/permissions.service';
import { TenantsService } from 'src/tenants/tenants.service';
import { SCAIKEY_PLATFORM_ROLES, SCAIKEY_TENANT_ADMIN_ROLES } from 'src/users/scaikey-roles';
import { UsersService } from 'src/users/users.service';

/** Maps ScaiKey tokens and API keys onto the local identity cache and computes what they may do. */
@Injectable()
export class IdentityPrincipalResolver extends PrincipalResolver {
  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly permissions: PermissionsService,
    private readonly grants: AccessGrantsRepository,
  ) {
    super();
  }

  async fromClaims(claims: ScaiKeyClaims): Promise<Principal> {
    if (!claims.tenant_id) {
      throw new UnauthorizedError('Token carries no tenant_id');
    }
    const tenant = await this.tenants.ensureFromToken(claims.tenant_id, claims.partner_id ?? null);
    const isService = claims.token_type === 'client_credentials' || claims.sub === claims.client_id;
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    const user = await this.users.ensureFromToken({
      scaikeyUserId: claims.sub,
      tenantId: tenant.id,
      email,
      name: typeof claims.name === 'string' ? claims.name : null,
      isPlatformAdmin:
        SCAIKEY_PLATFORM_ROLES.includes(claims.role ?? '') ||
        (email !== null && this.config.security.bootstrapPlatformAdmins.includes(email)),
      isTenantAdmin: SCAIKEY_TENANT_ADMIN_ROLES.includes(claims.role ?? ''),
      principalKind: isService ? 'service' : 'person',
    });
    if (user.status !== 'active') {
      throw new UnauthorizedError('This user is deactivated');
    }
    if (tenant.status !== 'active' && !user.isPlatformAdmin) {
      throw new ForbiddenError('This tenant is suspended');
    }
    return {
      type: 'user',
      userId: user.id,
      subject: claims.sub,
      email: user.email,
      homeTenantId: tenant.id,
      isPlatformAdmin: user.isPlatformAdmin,
      user: { tenantId: user.tenantId, isTenantAdmin: user.isTenantAdmin },
      apiKeyId: null,
      apiKeyScopes: null,
      apiKeyRateLimit: null,
      apiKeyOwner: null,
      claims,
    };
  }

  async fromApiKey(secret: string, ip: string | null): Promise<Principal> {
    const key = await this.apiKeys.authenticate(secret, ip);
    const owner = key.permissionSource === 'user' ? await this.users.findById(key.permissionSourceId) : null;
    if (key.permissionSource === 'user' && owner?.status !== 'active') {
      throw new UnauthorizedError('The user that owns this API key is deactivated');
    }
    const tenant = await this.tenants.findById(key.tenantId);
    if (!tenant || (tenant.status !== 'active' && !owner?.isPlatformAdmin)) {
      throw new ForbiddenError('This tenant is suspended');
    }
    this.apiKeys.recordUse(key, ip); // usage counters (src/api-keys): Redis now, MariaDB on the next flush
    return {
      type: 'api_key',
      userId: owner?.id ?? null,
      subject: key.id,
      email: owner?.email ?? null,
      homeTenantId: key.tenantId,
      isPlatformAdmin: owner?.isPlatformAdmin ?? false,
      user: owner ? { tenantId: owner.tenantId, isTenantAdmin: owner.isTenantAdmin } : null,
      apiKeyId: key.id,
      apiKeyScopes: key.scopes,
      apiKeyRateLimit: key.rateLimit,
      apiKeyOwner: { type: key.permissionSource, id: key.permissionSourceId },
      claims: {},
    };
  }

  async resolveTenant(principal: Principal, requestedTenantId: string | null): Promise<string | null> {
    if (!requestedTenantId) {
      return principal.homeTenantId;
    }
    const tenant = await this.tenants.findByAnyId(requestedTenantId);
    if (principal.isPlatformAdmin) {
      if (!tenant) {
        throw new NotFoundError('Tenant');
      }
      return tenant.id;
    }
    if (tenant && tenant.id === principal.homeTenantId) {
      return tenant.id;
    }
    throw new ForbiddenError('You cannot act in another tenant');
  }

  async permissionsOf(context: RequestContext, domainId: string | null = null): Promise<PermissionSet> {
    const subject = this.subjectOf(context);
    return subject ? this.permissions.effective(subject, context.tenantId, domainId) : PermissionSet.empty();
  }

  async hasAnyZoneScopedPermission(context: RequestContext, permission: Permission): Promise<boolean> {
    const subject = this.subjectOf(context);
    if (!subject || !context.tenantId) {
      return false;
    }
    // Only zone-level permissions can be held on a zone; tenant-wide routes are not reachable through one.
    if (!isGrantable(permission)) {
      return false;
    }
    if (await this.permissions.holdsOnSomeZone(subject, context.tenantId, permission)) {
      return true;
    }
    const grantees = subject.user
      ? [
          { type: 'user' as const, id: subject.user.id },
          ...(await this.users.groupIdsOf(subject.user.id)).map((id) => ({ type: 'group' as const, id })),
        ]
      : subject.groupId
        ? [{ type: 'group' as const, id: subject.groupId }]
        : [];
    const grants = await this.grants.activeFor(context.tenantId, grantees, null);
    return (
      isGrantable(permission) &&
      grants.some(
        ({ role }) =>
          role.permissions.includes(permission) && (!subject.scopes || subject.scopes.includes(permission)),
      )
    );
  }

  private subjectOf(context: RequestContext): PermissionSubject | null {
    const principal = context.principal;
    if (!principal) {
      return null;
    }
    if (principal.apiKeyOwner?.type === 'group') {
      return { user: null, groupId: principal.apiKeyOwner.id, scopes: principal.apiKeyScopes };
    }
    // The principal was built from the user's row on this request; no second read.
    const user = principal.userId && principal.user ? principal.user : null;
    if (!user || !principal.userId) {
      return null;
    }
    return {
      user: {
        id: principal.userId,
        tenantId: user.tenantId,
        isPlatformAdmin: principal.isPlatformAdmin,
        isTenantAdmin: user.isTenantAdmin,
      },
      groupId: null,
      scopes: principal.apiKeyScopes,
    };
  }
}
