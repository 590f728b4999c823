import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoleAssignmentEntity } from 'src/roles/entities/role-assignment.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';
import { PermissionsService } from 'src/roles/permissions.service';
import { RolesRepository } from 'src/roles/roles.repository';
import { SystemRolesSeeder } from 'src/roles/system-roles.seeder';
import { UsersModule } from 'src/users/users.module';

@Module({
  imports: [TypeOrmModule.forFeature([RoleEntity, RoleAssignmentEntity]), UsersModule],
  providers: [RolesRepository, PermissionsService, SystemRolesSeeder],
  exports: [PermissionsService, RolesRepository],
})
export class RolesModule {}
