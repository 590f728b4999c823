import { Injectable } from '@nestjs/common';
import { JwksClient, SigningKey } from 'jwks-rsa';
import { OidcDiscoveryService, describeFetchError } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';
import { AppConfig } from 'src/config/app-config';

/**
 * ScaiKey's signing keys, cached for SCAIKEY_JWKS_CACHE_TTL. An unknown `kid` triggers a refetch (rate limited by
 * jwks-rsa), which is how a key rotation at ScaiKey is picked up without waiting for the cache to expire.
 */
@Injectable()
export class JwksService {
  private client: { uri: string; jwks: JwksClient } | null = null;
  private loadedAt = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscoveryService,
  ) {}

  async getSigningKey(kid: string | undefined): Promise<SigningKey> {
    const jwks = await this.jwksClient();
    const key = await jwks.getSigningKey(kid);
    this.loadedAt = Date.now();
    return key;
  }

  /** Readiness: the key set is (or can be) loaded. */
  async ensureLoaded(): Promise<number> {
    const ttlMs = this.config.scaikey.jwksCacheTtlSeconds * 1000;
    const jwks = await this.jwksClient();
    if (Date.now() - this.loadedAt < ttlMs && this.loadedCount > 0) {
      return this.loadedCount;
    }
    try {
      const keys = await jwks.getSigningKeys();
      this.loadedCount = keys.length;
      this.loadedAt = Date.now();
      return keys.length;
    } catch (error) {
      throw new ScaiKeyUnavailableError(`JWKS could not be loaded: ${describeFetchError(error)}`);
    }
  }

  private loadedCount = 0;

  private async jwksClient(): Promise<JwksClient> {
    const { jwks_uri: uri } = await this.discovery.get();
    if (!this.client || this.client.uri !== uri) {
      this.client = {
        uri,
        jwks: new JwksClient({
          jwksUri: uri,
          cache: true,
          cacheMaxAge: this.config.scaikey.jwksCacheTtlSeconds * 1000,
          rateLimit: true,
          jwksRequestsPerMinute: 10,
          timeout: 5000,
        }),
      };
    }
    return this.client.jwks;
  }
}
