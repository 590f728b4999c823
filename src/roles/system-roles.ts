import { PERMISSIONS, Permission } from 'src/auth/permissions';

export type SystemRoleName =
  | 'platform_admin'
  | 'tenant_admin'
  | 'domain_admin'
  | 'domain_manager'
  | 'record_editor'
  | 'read_only'
  | 'validation_bypass';

const ZONE_READ: Permission[] = ['domains:read', 'records:read', 'dnssec:read', 'templates:read'];
const RECORD_WRITE: Permission[] = ['records:create', 'records:update', 'records:delete'];
const PLATFORM_ONLY: Permission[] = [
  'tenants:read',
  'tenants:manage',
  'platform:manage',
  'validation:bypass',
];

/**
 * The seven system roles and their explicit permission sets (docs/permissions.md is the readable copy).
 * They are upserted at every boot, so changing a set here changes it everywhere on the next deploy.
 */
export const SYSTEM_ROLES: Record<SystemRoleName, { description: string; permissions: Permission[] }> = {
  platform_admin: {
    description: 'Everything, in every tenant: tenant management, platform configuration, cross-tenant audit',
    permissions: [...PERMISSIONS],
  },
  tenant_admin: {
    description: 'All zones, records, users, roles, API keys and audit of one tenant',
    permissions: PERMISSIONS.filter((permission) => !PLATFORM_ONLY.includes(permission)),
  },
  domain_admin: {
    description: 'Full control of a zone, including DNSSEC and access grants',
    permissions: [
      ...ZONE_READ,
      'domains:update',
      'domains:delete',
      ...RECORD_WRITE,
      'dnssec:enable',
      'dnssec:disable',
      'dnssec:rotate',
      'access_grants:read',
      'access_grants:manage',
    ],
  },
  domain_manager: {
    description: 'Manage the records of a zone; no DNSSEC changes, cannot delegate',
    permissions: [...ZONE_READ, ...RECORD_WRITE, 'access_grants:read'],
  },
  record_editor: {
    description: 'Create and modify records; cannot delete',
    permissions: [...ZONE_READ, 'records:create', 'records:update'],
  },
  read_only: {
    description: 'Read zones, records, DNSSEC state and templates',
    permissions: [...ZONE_READ],
  },
  validation_bypass: {
    description: 'Create zones that are active at once, without ownership validation (trusted internal use)',
    permissions: ['validation:bypass'],
  },
};

export const SYSTEM_ROLE_NAMES = Object.keys(SYSTEM_ROLES) as SystemRoleName[];
