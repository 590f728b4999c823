import { DynamicModule, Module } from '@nestjs/common';
import { coreModules } from 'src/app.module';
import { AuthModule } from 'src/auth/auth.module';
import { DnssecJobsModule } from 'src/dnssec/jobs/dnssec-jobs.module';
import { ValidationJobsModule } from 'src/domains/validation/jobs/validation-jobs.module';
import { JobsModule } from 'src/jobs/jobs.module';
import { LogDestination } from 'src/logging/logging.module';
import { PlatformAdminJobsModule } from 'src/platform-admin/jobs/platform-admin-jobs.module';
import { ScaiKeySyncJobsModule } from 'src/scaikey-sync/jobs/scaikey-sync-jobs.module';
import { TemplatesCoreModule } from 'src/templates/templates-core.module';

/**
 * The background worker: the shared providers without HTTP, the queues and one processor per queue (the worker
 * refuses to start when a queue of QueueName has none). Loading this module processes nothing by itself — the CLI
 * reuses it — `JobsRunner.start()` (src/worker.ts) does.
 */
@Module({})
export class WorkerModule {
  static forRoot(logDestination: LogDestination = 'stdout'): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...coreModules(logDestination),
        AuthModule,
        JobsModule,
        // One jobs module per queue of QueueName (src/jobs/queue-names.ts).
        ValidationJobsModule,
        DnssecJobsModule,
        ScaiKeySyncJobsModule,
        PlatformAdminJobsModule,
        // Listeners of zone activation: zones the worker validates get what the API would do on activation
        // (the template chosen at creation).
        TemplatesCoreModule,
      ],
    };
  }
}
