import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RolesModule } from 'src/roles/roles.module';
import { ScaiKeyWebhookEventEntity } from 'src/scaikey-sync/entities/scaikey-webhook-event.entity';
import { IdentityCacheWriter } from 'src/scaikey-sync/identity-cache-writer.service';
import { ScaiKeySyncLock } from 'src/scaikey-sync/scaikey-sync-lock.service';
import { ScaiKeySyncRepository } from 'src/scaikey-sync/scaikey-sync.repository';
import { ScaiKeySyncService } from 'src/scaikey-sync/scaikey-sync.service';
import { ScaiKeyWebhookEventsRepository } from 'src/scaikey-sync/scaikey-webhook-events.repository';
import { UsersModule } from 'src/users/users.module';

/**
 * The identity-cache sync without HTTP or queues: SyncService and the cache writer it shares with the webhook
 * receiver. Imported by the API module, the worker's sync jobs module and the CLI.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ScaiKeyWebhookEventEntity]), UsersModule, RolesModule],
  providers: [
    ScaiKeySyncRepository,
    IdentityCacheWriter,
    ScaiKeySyncService,
    ScaiKeySyncLock,
    ScaiKeyWebhookEventsRepository,
  ],
  exports: [ScaiKeySyncRepository, IdentityCacheWriter, ScaiKeySyncService, ScaiKeyWebhookEventsRepository],
})
export class ScaiKeySyncCoreModule {}
