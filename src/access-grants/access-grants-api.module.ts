import { Module } from '@nestjs/common';
import { AccessGrantsController } from 'src/access-grants/access-grants.controller';
import { AccessGrantsService } from 'src/access-grants/access-grants.service';
import { RolesModule } from 'src/roles/roles.module';
import { UsersModule } from 'src/users/users.module';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/**
 * The access-grants API. Separate from AccessGrantsModule (the grants table and ZoneAccessService), which the zone
 * store and the auth module import: this controller needs the zone store's lookup in turn.
 */
@Module({
  imports: [ZoneStoreModule, RolesModule, UsersModule],
  controllers: [AccessGrantsController],
  providers: [AccessGrantsService],
})
export class AccessGrantsApiModule {}
