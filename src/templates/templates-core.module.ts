import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainsModule } from 'src/domains/domains.module';
import { RecordsModule } from 'src/records/records.module';
import { TenantsModule } from 'src/tenants/tenants.module';
import { TemplateEntity } from 'src/templates/entities/template.entity';
import { SystemTemplatesSeeder } from 'src/templates/system-templates.seeder';
import { TemplateApplicationService } from 'src/templates/template-application.service';
import { TemplatesRepository } from 'src/templates/templates.repository';
import { TemplatesService } from 'src/templates/templates.service';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/**
 * Templates without HTTP: the services, the system-template seeder, and the zone-activation listener that applies
 * the template chosen at zone creation. The worker imports this too, since it validates zones in the background.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TemplateEntity]),
    ZoneStoreModule,
    RecordsModule,
    DomainsModule,
    TenantsModule,
  ],
  providers: [TemplatesRepository, TemplatesService, TemplateApplicationService, SystemTemplatesSeeder],
  exports: [TemplatesService, TemplateApplicationService, SystemTemplatesSeeder],
})
export class TemplatesCoreModule {}
