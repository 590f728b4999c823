import { Injectable } from '@nestjs/common';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';
import { postAsClient } from 'src/auth/scaikey/token-endpoint';
import { AppException } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** ScaiDNS as a confidential OAuth client of ScaiKey: code exchange, refresh and revocation. */
@Injectable()
export class ScaiKeyOAuthClient {
  constructor(
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscoveryService,
  ) {}

  async exchangeCode(code: string, codeVerifier: string, redirectUri: string): Promise<TokenSet> {
    return this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      code_verifier: codeVerifier,
      redirect_uri: redirectUri,
    });
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Best effort: ScaiKey may not offer revocation; the caller's logout still succeeds locally. */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
    const { revocation_endpoint: endpoint } = await this.discovery.get();
    if (!endpoint) {
      return false;
    }
    const response = await this.post(endpoint, { token, token_type_hint: hint });
    return response.ok;
  }

  private async tokenRequest(form: Record<string, string>): Promise<TokenSet> {
    const { token_endpoint: endpoint } = await this.discovery.get();
    const response = await this.post(endpoint, form);
    const body = (await response.json().catch(() => ({}))) as Partial<TokenSet> & {
      error?: string;
      error_description?: string;
    };
    if (!response.ok || typeof body.access_token !== 'string') {
      if (response.status >= 500) {
        throw new ScaiKeyUnavailableError(`token endpoint answered HTTP ${response.status}`);
      }
      // invalid_grant and friends: the client's code, verifier or refresh token is wrong or used up.
      const reason = body.error_description ?? body.error ?? `HTTP ${response.status}`;
      throw new AppException(400, `ScaiKey refused the token request: ${reason}`, 'OAUTH_TOKEN_REFUSED');
    }
    return {
      access_token: body.access_token,
      refresh_token: body.refresh_token,
      id_token: body.id_token,
      token_type: 'Bearer',
      expires_in: body.expires_in ?? 3600,
      scope: body.scope,
    };
  }

  private post(endpoint: string, form: Record<string, string>): Promise<Response> {
    const { clientId, clientSecret } = this.config.scaikey;
    return postAsClient(endpoint, { id: clientId, secret: clientSecret }, form);
  }
}
