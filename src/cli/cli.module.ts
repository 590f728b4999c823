import { Module } from '@nestjs/common';
import { MigrateCommand } from 'src/cli/commands/migrate.command';
import { WorkerModule } from 'src/worker.module';

/** Operator commands (`scaidns ...`); they reuse the providers of the worker. */
@Module({ imports: [WorkerModule.forRoot('stderr')], providers: [MigrateCommand] })
export class CliModule {}
