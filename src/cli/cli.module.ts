import { Module } from '@nestjs/common';
import { ApiKeysModule } from 'src/api-keys/api-keys.module';
import { BootstrapAdminService } from 'src/cli/bootstrap-admin.service';
import { BootstrapCommand } from 'src/cli/commands/bootstrap.command';
import { MigrateCommand } from 'src/cli/commands/migrate.command';
import { TenantsModule } from 'src/tenants/tenants.module';
import { UsersModule } from 'src/users/users.module';
import { WorkerModule } from 'src/worker.module';

/** Operator commands (`scaidns ...`); they reuse the providers of the worker. */
@Module({
  imports: [WorkerModule.forRoot('stderr'), TenantsModule, UsersModule, ApiKeysModule],
  providers: [MigrateCommand, BootstrapCommand, BootstrapAdminService],
})
export class CliModule {}
