import { Injectable } from '@nestjs/common';
import { AuthConfigDto, TokenResponseDto, ValidateTokenResponseDto } from 'src/auth/dto/auth.dto';
import { JwtVerifierService } from 'src/auth/jwt/jwt-verifier.service';
import { RevokedTokensService } from 'src/auth/jwt/revoked-tokens.service';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyOAuthClient } from 'src/auth/scaikey/scaikey-oauth.client';
import { AppException } from 'src/common/errors/app.exception';
import { RequestContext } from 'src/common/context/request-context';
import { AppConfig } from 'src/config/app-config';

/** Sign-in plumbing: ScaiDNS proxies the code exchange so the client secret never reaches a browser. */
@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscoveryService,
    private readonly oauth: ScaiKeyOAuthClient,
    private readonly verifier: JwtVerifierService,
    private readonly revoked: RevokedTokensService,
  ) {}

  async oauthConfig(): Promise<AuthConfigDto> {
    const document = await this.discovery.get();
    return {
      authorization_endpoint: document.authorization_endpoint,
      token_endpoint: document.token_endpoint,
      userinfo_endpoint: document.userinfo_endpoint ?? null,
      end_session_endpoint: document.end_session_endpoint ?? null,
      jwks_uri: document.jwks_uri,
      issuer: document.issuer,
      client_id: this.config.scaikey.clientId,
      scopes: ['openid', 'profile', 'email', 'offline_access'],
    };
  }

  exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<TokenResponseDto> {
    return this.oauth.exchangeCode(code, codeVerifier, redirectUri);
  }

  refresh(refreshToken: string): Promise<TokenResponseDto> {
    return this.oauth.refresh(refreshToken);
  }

  /** Refuses the current access token from now on, and revokes the refresh token at ScaiKey when given. */
  async logout(context: RequestContext, refreshToken?: string): Promise<void> {
    const claims = context.principal?.claims ?? {};
    if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') {
      throw new AppException(
        400,
        'This token cannot be signed out (it has no jti/exp)',
        'LOGOUT_UNSUPPORTED',
      );
    }
    await this.revoked.revoke(claims.jti, claims.exp);
    if (refreshToken) {
      await this.oauth.revoke(refreshToken, 'refresh_token').catch(() => false);
    }
  }

  async validate(token: string): Promise<ValidateTokenResponseDto> {
    try {
      const claims = await this.verifier.verify(token);
      return {
        valid: true,
        sub: claims.sub,
        email: claims.email ?? null,
        tenant_id: claims.tenant_id ?? null,
        expires_at: typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined,
      };
    } catch (error) {
      if (error instanceof AppException && error.status === 401) {
        return { valid: false, reason: String(error.detail) };
      }
      throw error;
    }
  }
}
