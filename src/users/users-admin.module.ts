import { Module } from '@nestjs/common';
import { AuthModule } from 'src/auth/auth.module';
import { RolesModule } from 'src/roles/roles.module';
import { TenantsModule } from 'src/tenants/tenants.module';
import { AdminGroupsController } from 'src/users/admin-groups.controller';
import { AdminGroupsService } from 'src/users/admin-groups.service';
import { AdminUsersController } from 'src/users/admin-users.controller';
import { AdminUsersService } from 'src/users/admin-users.service';
import { UsersModule } from 'src/users/users.module';

/**
 * The users and groups admin API (reads from the cache, writes proxied to ScaiKey). Separate from UsersModule
 * (the cache), which AuthModule and RolesModule import.
 */
@Module({
  imports: [AuthModule, RolesModule, UsersModule, TenantsModule],
  controllers: [AdminUsersController, AdminGroupsController],
  providers: [AdminUsersService, AdminGroupsService],
})
export class UsersAdminModule {}
