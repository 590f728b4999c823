import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ScaiKeyGroup, ScaiKeyUser } from 'src/auth/scaikey/scaikey-admin.client';
import { AppConfig } from 'src/config/app-config';
import { GroupEntity } from 'src/users/entities/group.entity';
import { retryOnDuplicateKey } from 'src/database/database-errors';
import { UserEntity, UserStatus } from 'src/users/entities/user.entity';
import { SCAIKEY_PLATFORM_ROLES, SCAIKEY_TENANT_ADMIN_ROLES } from 'src/users/scaikey-roles';
import { UsersRepository } from 'src/users/users.repository';

export interface TokenIdentity {
  scaikeyUserId: string;
  tenantId: string;
  email: string | null;
  name: string | null;
  isPlatformAdmin: boolean;
  isTenantAdmin: boolean;
  principalKind: UserEntity['principalKind'];
}

/** The local cache of ScaiKey users and groups. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * First sight of a user creates the cached row; later sign-ins refresh the profile and the admin flags that
   * ScaiKey's `role` claim implies. A user deactivated here (webhook or sync) stays deactivated.
   */
  ensureFromToken(identity: TokenIdentity): Promise<UserEntity> {
    return retryOnDuplicateKey(() => this.findOrRefresh(identity));
  }

  private async findOrRefresh(identity: TokenIdentity): Promise<UserEntity> {
    const existing = await this.users.findByScaikeyId(identity.scaikeyUserId);
    const unchanged =
      existing &&
      existing.tenantId === identity.tenantId &&
      existing.email === (identity.email ?? existing.email) &&
      existing.isPlatformAdmin === identity.isPlatformAdmin &&
      existing.isTenantAdmin === identity.isTenantAdmin;
    if (unchanged) {
      return existing;
    }
    return this.users.upsert({
      scaikeyUserId: identity.scaikeyUserId,
      tenantId: identity.tenantId,
      email: identity.email ?? existing?.email ?? null,
      name: identity.name ?? existing?.name ?? null,
      isPlatformAdmin: identity.isPlatformAdmin,
      isTenantAdmin: identity.isTenantAdmin,
      principalKind: identity.principalKind,
    });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  groupIdsOf(userId: string): Promise<string[]> {
    return this.users.groupIdsOf(userId);
  }

  /**
   * Refreshes the cached user from what ScaiKey's admin API answered (a write through ScaiDNS updates the cache at
   * once; the webhook that follows confirms it). `tenantId` is the ScaiDNS id of the user's tenant.
   */
  cacheScaiKeyUser(user: ScaiKeyUser, tenantId: string, manager?: EntityManager): Promise<UserEntity> {
    const email = user.email.toLowerCase();
    const name = user.display_name || `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim() || null;
    const hasRole = Object.prototype.hasOwnProperty.call(user, 'role');
    return this.users.upsert(
      {
        scaikeyUserId: user.id,
        tenantId,
        email,
        name,
        status: scaikeyUserStatus(user.status),
        isPlatformAdmin: hasRole
          ? SCAIKEY_PLATFORM_ROLES.includes(user.role ?? '') ||
            this.config.security.bootstrapPlatformAdmins.includes(email)
          : undefined,
        isTenantAdmin: hasRole ? SCAIKEY_TENANT_ADMIN_ROLES.includes(user.role ?? '') : undefined,
        principalKind: 'person',
      },
      manager,
    );
  }

  /** Marks a cached user active or inactive (e.g. after ScaiKey deleted or re-activated them). */
  setStatus(user: UserEntity, status: UserStatus, manager?: EntityManager): Promise<UserEntity> {
    return this.users.upsert({ scaikeyUserId: user.scaikeyUserId, tenantId: user.tenantId, status }, manager);
  }

  /** Refreshes the cached group from ScaiKey's answer. */
  cacheScaiKeyGroup(group: ScaiKeyGroup, tenantId: string, manager?: EntityManager): Promise<GroupEntity> {
    return this.users.upsertGroup(
      {
        scaikeyGroupId: group.id,
        tenantId,
        name: group.name,
        description: group.description || null,
        groupType: group.group_type ?? 'SECURITY',
      },
      manager,
    );
  }
}

/** ScaiKey's ACTIVE is active; SUSPENDED and DELETED users cannot sign in, so they are inactive here. */
export function scaikeyUserStatus(status: string): UserStatus {
  return status === 'ACTIVE' ? 'active' : 'inactive';
}
