import { Injectable } from '@nestjs/common';
import { PERMISSIONS, Permission } from 'src/auth/permissions';
import { PermissionSet } from 'src/auth/permission-set';
import { AppConfig } from 'src/config/app-config';
import { RedisService } from 'src/redis/redis.service';
import { RolesRepository } from 'src/roles/roles.repository';
import { SYSTEM_ROLES, SystemRoleName } from 'src/roles/system-roles';
import { UsersService } from 'src/users/users.service';

/** Whose permissions to compute: a user (with their groups), or a group that owns an API key. */
export interface PermissionSubject {
  user: { id: string; tenantId: string; isPlatformAdmin: boolean; isTenantAdmin: boolean } | null;
  groupId: string | null;
  /** An API key's narrowing scopes; null when not narrowed. */
  scopes: Permission[] | null;
}

const CACHE_TTL_SECONDS = 300;

/**
 * Effective permissions = union of the role assignments of the user and their groups (platform scope, the
 * tenant's scope, and the zone's scope when one is named), plus what the ScaiKey admin role implies, intersected
 * with an API key's scopes. Results are cached in Redis under a global version number that every change to roles,
 * assignments or memberships bumps, so invalidation is one INCR and never misses an entry.
 */
@Injectable()
export class PermissionsService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly users: UsersService,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  async effective(
    subject: PermissionSubject,
    tenantId: string | null,
    domainId: string | null = null,
  ): Promise<PermissionSet> {
    const cacheKey = await this.cacheKey(subject, tenantId, domainId);
    const cached = await this.redis.client.get(cacheKey);
    if (cached !== null) {
      return PermissionSet.of(JSON.parse(cached) as Permission[]);
    }
    const { permissions: computed, firstExpiry } = await this.compute(subject, tenantId, domainId);
    // An assignment that runs out must stop counting when it does, not when the cache entry would expire.
    const untilExpiry = firstExpiry
      ? Math.ceil((firstExpiry.getTime() - Date.now()) / 1000)
      : CACHE_TTL_SECONDS;
    const ttl = Math.max(1, Math.min(CACHE_TTL_SECONDS, untilExpiry));
    await this.redis.client.set(cacheKey, JSON.stringify(computed.list()), 'EX', ttl);
    return computed;
  }

  /** True when a zone-scoped role gives the subject this permission on at least one zone of the tenant. */
  async holdsOnSomeZone(
    subject: PermissionSubject,
    tenantId: string,
    permission: Permission,
  ): Promise<boolean> {
    if (subject.scopes && !subject.scopes.includes(permission)) {
      return false;
    }
    const rows = await this.roles.domainAssignmentsInTenant(await this.principalsOf(subject), tenantId);
    return rows.some(({ role }) => role.permissions.includes(permission));
  }

  /** Call after any change to roles, role assignments or group memberships. */
  async invalidate(): Promise<void> {
    await this.redis.client.incr(this.redis.key('perm', 'version'));
  }

  private async compute(
    subject: PermissionSubject,
    tenantId: string | null,
    domainId: string | null,
  ): Promise<{ permissions: PermissionSet; firstExpiry: Date | null }> {
    const granted = new Set<Permission>();
    let firstExpiry: Date | null = null;
    const { user } = subject;
    if (user?.isPlatformAdmin) {
      PERMISSIONS.forEach((permission) => granted.add(permission));
    } else if (user && tenantId === user.tenantId) {
      const implied = user.isTenantAdmin ? 'tenant_admin' : this.config.access.defaultUserRole;
      SYSTEM_ROLES[implied as SystemRoleName]?.permissions.forEach((permission) => granted.add(permission));
    }
    const assignments = await this.roles.assignmentsFor(await this.principalsOf(subject), tenantId, domainId);
    for (const { assignment, role } of assignments) {
      // A tenant-scoped assignment only counts in its own tenant; platform-scoped ones count everywhere.
      if (assignment.scopeType !== 'platform' && assignment.tenantId !== tenantId) {
        continue;
      }
      role.permissions.forEach((permission) => granted.add(permission));
      if (assignment.expiresAt && (!firstExpiry || assignment.expiresAt < firstExpiry)) {
        firstExpiry = assignment.expiresAt;
      }
    }
    const scoped = subject.scopes
      ? [...granted].filter((permission) => subject.scopes!.includes(permission))
      : [...granted];
    return { permissions: PermissionSet.of(scoped), firstExpiry };
  }

  private async principalsOf(subject: PermissionSubject): Promise<{ type: 'user' | 'group'; id: string }[]> {
    if (subject.user) {
      const groups = await this.users.groupIdsOf(subject.user.id);
      return [{ type: 'user', id: subject.user.id }, ...groups.map((id) => ({ type: 'group' as const, id }))];
    }
    return subject.groupId ? [{ type: 'group', id: subject.groupId }] : [];
  }

  private async cacheKey(
    subject: PermissionSubject,
    tenantId: string | null,
    domainId: string | null,
  ): Promise<string> {
    const version = (await this.redis.client.get(this.redis.key('perm', 'version'))) ?? '0';
    const who = subject.user
      ? `u:${subject.user.id}:${Number(subject.user.isPlatformAdmin)}${Number(subject.user.isTenantAdmin)}`
      : `g:${subject.groupId ?? '-'}`;
    const scopes = subject.scopes ? [...subject.scopes].sort().join(',') : '*';
    return this.redis.key('perm', version, who, tenantId ?? '-', domainId ?? '-', scopes);
  }
}
