import { Module } from '@nestjs/common';
import { ApiKeysModule } from 'src/api-keys/api-keys.module';
import { BootstrapAdminService } from 'src/cli/bootstrap-admin.service';
import { BootstrapCommand } from 'src/cli/commands/bootstrap.command';
import { MigrateCommand } from 'src/cli/commands/migrate.command';
import { SyncCommand } from 'src/scaikey-sync/commands/sync.command';
import { ScaiKeySyncCoreModule } from 'src/scaikey-sync/scaikey-sync-core.module';
import { TenantsModule } from 'src/tenants/tenants.module';
import { UsersModule } from 'src/users/users.module';
import { WorkerModule } from 'src/worker.module';

/** Operator commands (`scaidns ...`); they reuse the providers of the worker. */
@Module({
  imports: [WorkerModule.forRoot('stderr'), TenantsModule, UsersModule, ApiKeysModule, ScaiKeySyncCoreModule],
  providers: [MigrateCommand, BootstrapCommand, BootstrapAdminService, SyncCommand],
})
export class CliModule {}
