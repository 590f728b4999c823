import { Global, Module } from '@nestjs/common';
import { JwtVerifierService } from 'src/auth/jwt/jwt-verifier.service';
import { JwksService } from 'src/auth/scaikey/jwks.service';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';
import { RevokedTokensService } from 'src/auth/jwt/revoked-tokens.service';
import { ScaiKeyAdminClient } from 'src/auth/scaikey/scaikey-admin.client';
import { ScaiKeyOAuthClient } from 'src/auth/scaikey/scaikey-oauth.client';

/** Everything ScaiDNS needs to know about ScaiKey as an OIDC provider. */
@Global()
@Module({
  providers: [
    OidcDiscoveryService,
    JwksService,
    JwtVerifierService,
    ScaiKeyOAuthClient,
    ScaiKeyAdminClient,
    RevokedTokensService,
  ],
  exports: [
    OidcDiscoveryService,
    JwksService,
    JwtVerifierService,
    ScaiKeyOAuthClient,
    ScaiKeyAdminClient,
    RevokedTokensService,
  ],
})
export class ScaiKeyModule {}
