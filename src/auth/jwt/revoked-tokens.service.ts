import { Injectable } from '@nestjs/common';
import { RedisService } from 'src/redis/redis.service';

/**
 * Access tokens are self-contained JWTs, so logging out cannot make ScaiKey forget them. ScaiDNS remembers the
 * token's `jti` until it would have expired anyway and refuses it from then on, on every API instance.
 */
@Injectable()
export class RevokedTokensService {
  constructor(private readonly redis: RedisService) {}

  async revoke(jti: string, expiresAtSeconds: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(expiresAtSeconds - Date.now() / 1000));
    await this.redis.client.set(this.redis.key('revoked-jti', jti), '1', 'EX', ttl);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.redis.client.exists(this.redis.key('revoked-jti', jti))) === 1;
  }
}
