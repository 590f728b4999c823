import { ScaiKeyClaims } from 'src/auth/jwt/jwt-verifier.service';
import { Principal } from 'src/auth/principal';
import { Permission } from 'src/auth/permissions';
import { PermissionSet } from 'src/auth/permission-set';
import { RequestContext } from 'src/common/context/request-context';

/**
 * The identity module's side of authentication: maps verified claims or an API key to a local principal, and
 * computes what that principal may do. Kept abstract here so the guard does not depend on the identity tables.
 */
export abstract class PrincipalResolver {
  abstract fromClaims(claims: ScaiKeyClaims): Promise<Principal>;
  abstract fromApiKey(secret: string, ip: string | null): Promise<Principal>;
  /** The tenant a request acts in: the credential's own, or the one a platform admin names. */
  abstract resolveTenant(principal: Principal, requestedTenantId: string | null): Promise<string | null>;
  abstract permissionsOf(context: RequestContext, domainId?: string | null): Promise<PermissionSet>;
  /** True when the caller holds the permission on at least one zone (through a domain role or an access grant). */
  abstract hasAnyZoneScopedPermission(context: RequestContext, permission: Permission): Promise<boolean>;
}
