import { QueryFailedError } from 'typeorm';
import { PERMISSIONS, Permission } from 'src/auth/permissions';
import { PermissionSet } from 'src/auth/permission-set';
import { ForbiddenError } from 'src/common/errors/app.exception';

/**
 * Permissions that only make sense across tenants. A tenant's custom role may not contain them, and a role that
 * does (the platform_admin system role) may only be assigned at platform scope: held at tenant scope they would
 * pass the permission check of platform routes inside that tenant.
 */
export const PLATFORM_PERMISSIONS: readonly Permission[] = [
  'tenants:read',
  'tenants:manage',
  'platform:manage',
];

export function platformPermissionsIn(permissions: readonly Permission[]): Permission[] {
  return permissions.filter((permission) => PLATFORM_PERMISSIONS.includes(permission));
}

/** Deduplicated, in catalogue order, so stored sets and audit diffs are stable. */
export function normalisePermissions(permissions: readonly Permission[]): Permission[] {
  const wanted = new Set(permissions);
  return PERMISSIONS.filter((permission) => wanted.has(permission));
}

/** Nobody hands out more than they have: refuses with 403 naming every permission the caller lacks. */
export function assertHolds(held: PermissionSet, wanted: readonly Permission[], what: string): void {
  const missing = normalisePermissions(wanted).filter((permission) => !held.has(permission));
  if (missing.length > 0) {
    throw new ForbiddenError(`${what} permissions you do not hold: ${missing.join(', ')}`);
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === 'ER_DUP_ENTRY'
  );
}
