/**
 * Every permission ScaiDNS checks. docs/permissions.md lists which routes need each one and which system roles
 * hold it; the route permission test keeps the two in step.
 */
export const PERMISSIONS = [
  'domains:read',
  'domains:create',
  'domains:update',
  'domains:delete',
  'records:read',
  'records:create',
  'records:update',
  'records:delete',
  'dnssec:read',
  'dnssec:enable',
  'dnssec:disable',
  'dnssec:rotate',
  'access_grants:read',
  'access_grants:manage',
  'templates:read',
  'templates:manage',
  'validation:bypass',
  'api_keys:manage',
  'roles:read',
  'roles:manage',
  'users:read',
  'users:manage',
  'groups:read',
  'groups:manage',
  'audit:read',
  'tenants:read',
  'tenants:manage',
  'platform:manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
