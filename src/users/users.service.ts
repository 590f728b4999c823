import { Injectable } from '@nestjs/common';
import { UserEntity } from 'src/users/entities/user.entity';
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
  constructor(private readonly users: UsersRepository) {}

  /**
   * First sight of a user creates the cached row; later sign-ins refresh the profile and the admin flags that
   * ScaiKey's `role` claim implies. A user deactivated here (webhook or sync) stays deactivated.
   */
  async ensureFromToken(identity: TokenIdentity): Promise<UserEntity> {
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
}
