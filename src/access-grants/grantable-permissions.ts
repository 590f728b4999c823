import { Permission } from 'src/auth/permissions';
import { SYSTEM_ROLES } from 'src/roles/system-roles';

/**
 * What an access grant can carry: the permissions that act on one zone, i.e. those of `domain_admin` (the widest
 * zone-level system role). Tenant-level permissions (users, roles, API keys, audit, zone creation, validation
 * bypass) and platform permissions mean nothing on a single zone; held through a grant they would pass the route
 * check of tenant-wide routes, so grants never count them.
 */
export const GRANTABLE_PERMISSIONS: readonly Permission[] = SYSTEM_ROLES.domain_admin.permissions;

export function isGrantable(permission: Permission): boolean {
  return GRANTABLE_PERMISSIONS.includes(permission);
}

/** The permissions of a role that are not zone-level (a role holding any cannot be granted). */
export function nonGrantableIn(permissions: readonly Permission[]): Permission[] {
  return permissions.filter((permission) => !isGrantable(permission));
}
