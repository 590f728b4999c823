import { Global, Module } from '@nestjs/common';
import { AccessGrantsModule } from 'src/access-grants/access-grants.module';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from 'src/api-keys/api-keys.module';
import { AuthController } from 'src/auth/auth.controller';
import { AuthService } from 'src/auth/auth.service';
import { MeController } from 'src/auth/me.controller';
import { MeService } from 'src/auth/me.service';
import { AuthGuard } from 'src/auth/auth.guard';
import { AuthenticatorService } from 'src/auth/authenticator.service';
import { IdentityPrincipalResolver } from 'src/auth/identity-principal.resolver';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RolesModule } from 'src/roles/roles.module';
import { TenantsModule } from 'src/tenants/tenants.module';
import { UsersModule } from 'src/users/users.module';

/** Global: every capability checks access through PrincipalResolver. */
@Global()
@Module({
  imports: [TenantsModule, UsersModule, RolesModule, ApiKeysModule, AccessGrantsModule],
  controllers: [AuthController, MeController],
  providers: [
    AuthenticatorService,
    AuthService,
    MeService,
    { provide: PrincipalResolver, useClass: IdentityPrincipalResolver },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PrincipalResolver, AuthenticatorService],
})
export class AuthModule {}
