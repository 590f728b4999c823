import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGrantsModule } from 'src/access-grants/access-grants.module';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { RecordEntity } from 'src/records/entities/record.entity';
import { RecordsRepository } from 'src/records/records.repository';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

/**
 * The zone data layer shared by every zone capability (domains, validation, records, DNSSEC, reverse zones,
 * templates, import/export): the zone and record tables, the lookup that applies tenant scoping and access, and the
 * publisher that mirrors them into PowerDNS.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DomainEntity, RecordEntity]), AccessGrantsModule],
  providers: [DomainsRepository, RecordsRepository, ZonePublisher, ZoneLookupService],
  exports: [DomainsRepository, RecordsRepository, ZonePublisher, ZoneLookupService, AccessGrantsModule],
})
export class ZoneStoreModule {}
