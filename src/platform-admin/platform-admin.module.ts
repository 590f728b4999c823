import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { JobsModule } from 'src/jobs/jobs.module';
import { AdminConfigController } from 'src/platform-admin/admin-config.controller';
import { AdminConfigService } from 'src/platform-admin/admin-config.service';
import { AdminDnsController } from 'src/platform-admin/admin-dns.controller';
import { AdminNameserversService } from 'src/platform-admin/admin-nameservers.service';
import { AdminPartnersController } from 'src/platform-admin/admin-partners.controller';
import { AdminPartnersService } from 'src/platform-admin/admin-partners.service';
import { AdminTenantsController } from 'src/platform-admin/admin-tenants.controller';
import { AdminTenantsService } from 'src/platform-admin/admin-tenants.service';
import { NameserverRewriteEntity } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import { NameserverJobsProducer } from 'src/platform-admin/jobs/nameserver-jobs.producer';
import { NameserverRewritesRepository } from 'src/platform-admin/nameserver-rewrites.repository';
import { PlatformTenantsRepository } from 'src/platform-admin/platform-tenants.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { UserEntity } from 'src/users/entities/user.entity';

/**
 * Platform administration (platform admins only): runtime settings, nameservers and the rewrite of every zone
 * (queued for the worker: jobs/platform-admin-jobs.module.ts), authoritative domains, tenants and partners.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      NameserverRewriteEntity,
      DomainEntity,
      TenantEntity,
      PartnerEntity,
      UserEntity,
      ApiKeyEntity,
    ]),
    JobsModule,
  ],
  controllers: [AdminConfigController, AdminDnsController, AdminTenantsController, AdminPartnersController],
  providers: [
    AdminConfigService,
    AdminNameserversService,
    AdminTenantsService,
    AdminPartnersService,
    NameserverRewritesRepository,
    PlatformTenantsRepository,
    NameserverJobsProducer,
  ],
})
export class PlatformAdminModule {}
