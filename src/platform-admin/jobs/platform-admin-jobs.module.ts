import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { JobsModule } from 'src/jobs/jobs.module';
import { NameserverRewriteEntity } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import { NameserverRewriteProcessor } from 'src/platform-admin/jobs/nameserver-rewrite.processor';
import { NameserverRewriter } from 'src/platform-admin/jobs/nameserver-rewriter.service';
import { NameserverRewritesRepository } from 'src/platform-admin/nameserver-rewrites.repository';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/** The nameservers queue's processor. Worker only (WorkerModule imports it); the API queues rewrites. */
@Module({
  imports: [ZoneStoreModule, TypeOrmModule.forFeature([NameserverRewriteEntity, DomainEntity]), JobsModule],
  providers: [NameserverRewriteProcessor, NameserverRewriter, NameserverRewritesRepository],
})
export class PlatformAdminJobsModule {}
