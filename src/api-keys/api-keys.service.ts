import { Injectable } from '@nestjs/common';
import { hashApiKeySecret, hashesMatch, lookupPrefixOf } from 'src/api-keys/api-key-secret';
import { ApiKeyUsageService } from 'src/api-keys/api-key-usage.service';
import { ApiKeysRepository } from 'src/api-keys/api-keys.repository';
import { ipAllowed } from 'src/api-keys/ip-whitelist';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';
import { ForbiddenError, UnauthorizedError } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';
import { UsersRepository } from 'src/users/users.repository';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly usage: ApiKeyUsageService,
  ) {}

  /**
   * Finds the key by prefix and checks secret, status, expiry, IP whitelist and, for group keys, that the group
   * still exists (a deleted group's keys stop working at once; the resolver checks a user owner's status).
   */
  async authenticate(secret: string, ip: string | null): Promise<ApiKeyEntity> {
    const prefix = lookupPrefixOf(secret);
    const key = prefix ? await this.keys.findByPrefix(prefix) : null;
    if (!key || !hashesMatch(key.keyHash, hashApiKeySecret(secret, this.config.security.apiKeyPepper))) {
      throw new UnauthorizedError('Invalid API key');
    }
    if (key.status !== 'active') {
      throw new UnauthorizedError('This API key is revoked');
    }
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError('This API key has expired');
    }
    if (key.ipWhitelist && key.ipWhitelist.length > 0 && !ipAllowed(ip, key.ipWhitelist)) {
      throw new ForbiddenError('This API key may not be used from your IP address');
    }
    if (key.permissionSource === 'group') {
      const group = await this.users.findGroupById(key.permissionSourceId);
      if (!group || group.tenantId !== key.tenantId) {
        throw new UnauthorizedError('The group that owns this API key no longer exists');
      }
    }
    return key;
  }

  /** Counts a successful use (Redis now, MariaDB on the next flush); call once the request is fully authenticated. */
  recordUse(key: ApiKeyEntity, ip: string | null): void {
    this.usage.record(key.id, ip);
  }
}
