import { Global, Module } from '@nestjs/common';
import { JwtVerifierService } from 'src/auth/jwt/jwt-verifier.service';
import { JwksService } from 'src/auth/scaikey/jwks.service';
import { OidcDiscoveryService } from 'src/auth/scaikey/oidc-discovery.service';

/** Everything ScaiDNS needs to know about ScaiKey as an OIDC provider. */
@Global()
@Module({
  providers: [OidcDiscoveryService, JwksService, JwtVerifierService],
  exports: [OidcDiscoveryService, JwksService, JwtVerifierService],
})
export class ScaiKeyModule {}
