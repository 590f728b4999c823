import { Module } from '@nestjs/common';
import { AuthModule } from 'src/auth/auth.module';
import { DomainScopeVerifier } from 'src/roles/domain-scope.verifier';
import { RoleAssignmentsController } from 'src/roles/role-assignments.controller';
import { RoleAssignmentsService } from 'src/roles/role-assignments.service';
import { RolesController } from 'src/roles/roles.controller';
import { RolesModule } from 'src/roles/roles.module';
import { RolesService } from 'src/roles/roles.service';
import { TenantsModule } from 'src/tenants/tenants.module';
import { UsersModule } from 'src/users/users.module';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/**
 * The roles and role-assignments API. Separate from RolesModule (permission computation), which AuthModule
 * imports: these controllers need the caller's effective permissions from AuthModule's PrincipalResolver.
 */
@Module({
  imports: [AuthModule, RolesModule, UsersModule, TenantsModule, ZoneStoreModule],
  controllers: [RolesController, RoleAssignmentsController],
  providers: [RolesService, RoleAssignmentsService, DomainScopeVerifier],
})
export class RolesApiModule {}
