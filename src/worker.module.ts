import { DynamicModule, Module } from '@nestjs/common';
import { coreModules } from 'src/app.module';
import { AuthModule } from 'src/auth/auth.module';
import { LogDestination } from 'src/logging/logging.module';

/**
 * The background worker: the shared providers without HTTP. BullMQ processors of each capability register here
 * (zone validation re-checks, DNSSEC rollover, sync, nameserver rewrites).
 */
@Module({})
export class WorkerModule {
  static forRoot(logDestination: LogDestination = 'stdout'): DynamicModule {
    return { module: WorkerModule, imports: [...coreModules(logDestination), AuthModule] };
  }
}
