import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGrantsRepository } from 'src/access-grants/access-grants.repository';
import { AccessGrantEntity } from 'src/access-grants/entities/access-grant.entity';
import { ZoneAccessService } from 'src/access-grants/zone-access.service';
import { RolesModule } from 'src/roles/roles.module';
import { UsersModule } from 'src/users/users.module';

/** Per-zone access: grants, and the service every zone and record operation asks for permission. */
@Module({
  imports: [TypeOrmModule.forFeature([AccessGrantEntity]), UsersModule, RolesModule],
  providers: [AccessGrantsRepository, ZoneAccessService],
  exports: [AccessGrantsRepository, ZoneAccessService],
})
export class AccessGrantsModule {}
