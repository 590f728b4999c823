import { Module } from '@nestjs/common';
import { JobsModule } from 'src/jobs/jobs.module';
import { ScaiKeySyncProcessor } from 'src/scaikey-sync/jobs/scaikey-sync.processor';
import { ScaiKeySyncCoreModule } from 'src/scaikey-sync/scaikey-sync-core.module';

/** The sync queue's processor. Worker only (WorkerModule imports it); the API adds jobs through the producer. */
@Module({
  imports: [ScaiKeySyncCoreModule, JobsModule],
  providers: [ScaiKeySyncProcessor],
})
export class ScaiKeySyncJobsModule {}
