import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantStatus } from 'src/tenants/entities/tenant.entity';
import { GroupType } from 'src/users/entities/group.entity';
import { UserStatus } from 'src/users/entities/user.entity';
import { SCAIKEY_PLATFORM_ROLES, SCAIKEY_TENANT_ADMIN_ROLES } from 'src/users/scaikey-roles';

/**
 * What the local cache should hold for one ScaiKey object, in ScaiDNS terms. A field left undefined is not known
 * from the source (e.g. a webhook without `status`) and keeps its cached value.
 */
export interface PartnerState {
  scaikeyPartnerId: string;
  name?: string;
  slug?: string | null;
  status?: PartnerEntity['status'];
}

export interface TenantState {
  scaikeyTenantId: string;
  name?: string;
  slug?: string;
  status?: TenantStatus;
  /** ScaiKey id of the tenant's partner; null when it has none. */
  partnerScaikeyId?: string | null;
  settings?: Record<string, unknown> | null;
}

export interface UserState {
  scaikeyUserId: string;
  tenantScaikeyId: string;
  email?: string | null;
  name?: string | null;
  status?: UserStatus;
  isPlatformAdmin?: boolean;
  isTenantAdmin?: boolean;
}

export interface GroupState {
  scaikeyGroupId: string;
  tenantScaikeyId: string;
  name?: string;
  description?: string | null;
  groupType?: GroupType;
}

export type Loose = Record<string, unknown>;

export function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** ScaiKey ACTIVE → active, SUSPENDED → suspended, DELETED → deleted (partners are soft-deleted). */
export function partnerStatus(status: unknown): PartnerEntity['status'] | undefined {
  return PARTNER_STATUSES[text(status)?.toUpperCase() ?? ''];
}

const PARTNER_STATUSES: Record<string, PartnerEntity['status'] | undefined> = {
  ACTIVE: 'active',
  SUSPENDED: 'suspended',
  DELETED: 'deleted',
};

/** ScaiKey ACTIVE → active; SUSPENDED and DELETED → suspended (ScaiDNS keeps a deleted tenant's zones and audit). */
export function tenantStatus(status: unknown): TenantStatus | undefined {
  return TENANT_STATUSES[text(status)?.toUpperCase() ?? ''];
}

const TENANT_STATUSES: Record<string, TenantStatus | undefined> = {
  ACTIVE: 'active',
  SUSPENDED: 'suspended',
  DELETED: 'suspended',
};

/** ScaiKey ACTIVE → active; SUSPENDED and DELETED users cannot sign in, so they are inactive here. */
export function userStatus(status: unknown): UserStatus | undefined {
  const value = text(status)?.toUpperCase();
  if (value === undefined) {
    return undefined;
  }
  return value === 'ACTIVE' ? 'active' : 'inactive';
}

export function partnerState(partner: Loose): PartnerState | null {
  const id = text(partner.id);
  if (!id) {
    return null;
  }
  return {
    scaikeyPartnerId: id,
    name: text(partner.name),
    slug: partner.slug === null ? null : text(partner.slug),
    status: partnerStatus(partner.status),
  };
}

export function tenantState(tenant: Loose): TenantState | null {
  const id = text(tenant.id);
  if (!id) {
    return null;
  }
  const partner = isObject(tenant.partner) ? text(tenant.partner.id) : undefined;
  return {
    scaikeyTenantId: id,
    name: text(tenant.name),
    slug: text(tenant.slug),
    status: tenantStatus(tenant.status),
    partnerScaikeyId: text(tenant.partner_id) ?? partner ?? (tenant.partner_id === null ? null : undefined),
    settings: isObject(tenant.settings) ? tenant.settings : tenant.settings === null ? null : undefined,
  };
}

/**
 * A ScaiKey user as the cache keeps it: lowercased e-mail, display name (else first + last name), status, and the
 * admin flags the `role` implies (only when the source carries `role`; `bootstrapAdmins` are platform admins too).
 */
export function userState(
  user: Loose,
  tenantScaikeyId: string,
  bootstrapAdmins: readonly string[],
): UserState | null {
  const id = text(user.id) ?? text(user.user_id);
  if (!id) {
    return null;
  }
  const email = text(user.email)?.toLowerCase();
  const fullName = [text(user.first_name), text(user.last_name)].filter(Boolean).join(' ');
  const displayName = text(user.display_name) ?? (fullName || undefined);
  const state: UserState = {
    scaikeyUserId: id,
    tenantScaikeyId,
    email,
    name: displayName ?? (email !== undefined ? null : undefined),
    status: userStatus(user.status),
  };
  if (Object.prototype.hasOwnProperty.call(user, 'role')) {
    const role = text(user.role) ?? '';
    state.isPlatformAdmin =
      SCAIKEY_PLATFORM_ROLES.includes(role) || (email !== undefined && bootstrapAdmins.includes(email));
    state.isTenantAdmin = SCAIKEY_TENANT_ADMIN_ROLES.includes(role);
  }
  return state;
}

export function groupState(group: Loose, tenantScaikeyId: string): GroupState | null {
  const id = text(group.id) ?? text(group.group_id);
  if (!id) {
    return null;
  }
  const type = text(group.group_type)?.toUpperCase();
  return {
    scaikeyGroupId: id,
    tenantScaikeyId,
    name: text(group.name),
    description:
      typeof group.description === 'string'
        ? group.description.trim() || null
        : group.description === null
          ? null
          : undefined,
    groupType: type === 'SECURITY' || type === 'DISTRIBUTION_LIST' ? type : undefined,
  };
}

/** JSON with sorted keys: two settings objects are equal when this is. */
export function stableJson(value: unknown): string {
  const sort = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(sort)
      : isObject(item)
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, sort(item[key])]),
          )
        : item;
  return JSON.stringify(sort(value)) ?? 'undefined';
}
