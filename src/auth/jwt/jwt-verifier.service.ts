import { Injectable } from '@nestjs/common';
import { JwtHeader, JwtPayload, SigningKeyCallback, verify } from 'jsonwebtoken';
import { RevokedTokensService } from 'src/auth/jwt/revoked-tokens.service';
import { JwksService } from 'src/auth/scaikey/jwks.service';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';
import { UnauthorizedError } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';

/** ScaiKey signs with RS256 by default and ES256 when configured; anything else (notably `none`, HS*) is refused. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'] as const;

export interface ScaiKeyClaims extends JwtPayload {
  sub: string;
  email?: string;
  tenant_id?: string;
  partner_id?: string;
  role?: string;
  scope?: string;
  client_id?: string;
  token_type?: string;
  platform_token?: boolean;
  name?: string;
}

/** Verifies a ScaiKey access token: signature against the JWKS, issuer, audience, expiry with a small skew. */
@Injectable()
export class JwtVerifierService {
  constructor(
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscoveryService,
    private readonly jwks: JwksService,
    private readonly revoked: RevokedTokensService,
  ) {}

  async verify(token: string): Promise<ScaiKeyClaims> {
    const { issuer } = await this.discovery.get();
    const claims = await new Promise<JwtPayload>((resolve, reject) => {
      verify(
        token,
        (header: JwtHeader, callback: SigningKeyCallback) => {
          this.jwks.getSigningKey(header.kid).then(
            (key) => callback(null, key.getPublicKey()),
            (error: unknown) => callback(error as Error),
          );
        },
        {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer,
          audience: this.config.scaikey.audience,
          clockTolerance: this.config.scaikey.clockToleranceSeconds,
        },
        (error, payload) => (error ? reject(error) : resolve(payload as JwtPayload)),
      );
    }).catch((error: unknown) => {
      if (error instanceof ScaiKeyUnavailableError) {
        throw error;
      }
      throw new UnauthorizedError(describeJwtError(error));
    });
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new UnauthorizedError('Invalid token: no subject');
    }
    if (typeof claims.jti === 'string' && (await this.revoked.isRevoked(claims.jti))) {
      throw new UnauthorizedError('Token has been revoked (signed out)');
    }
    return claims as ScaiKeyClaims;
  }
}

function describeJwtError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'TokenExpiredError') {
    return 'Token has expired';
  }
  if (name === 'SigningKeyNotFoundError') {
    return 'Invalid token: unknown signing key';
  }
  const message = error instanceof Error ? error.message : 'unreadable token';
  return `Invalid token: ${message}`;
}
