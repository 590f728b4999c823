import { Module } from '@nestjs/common';
import { JobsModule } from 'src/jobs/jobs.module';
import { RolesModule } from 'src/roles/roles.module';
import { ScaiKeySyncJobsProducer } from 'src/scaikey-sync/jobs/scaikey-sync-jobs.producer';
import { ScaiKeyEventHandler } from 'src/scaikey-sync/scaikey-event-handler.service';
import { ScaiKeySyncCoreModule } from 'src/scaikey-sync/scaikey-sync-core.module';
import { ScaiKeySyncController } from 'src/scaikey-sync/scaikey-sync.controller';
import { ScaiKeyWebhooksController } from 'src/scaikey-sync/scaikey-webhooks.controller';
import { ScaiKeyWebhooksService } from 'src/scaikey-sync/scaikey-webhooks.service';

/**
 * The API side of the ScaiKey synchronisation: the signed webhook receiver and the platform admins' sync trigger
 * (queued for the worker, see jobs/scaikey-sync-jobs.module.ts).
 */
@Module({
  imports: [ScaiKeySyncCoreModule, RolesModule, JobsModule],
  controllers: [ScaiKeyWebhooksController, ScaiKeySyncController],
  providers: [ScaiKeyWebhooksService, ScaiKeyEventHandler, ScaiKeySyncJobsProducer],
})
export class ScaiKeySyncModule {}
