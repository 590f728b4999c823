import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainsModule } from 'src/domains/domains.module';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { RecordEntity } from 'src/records/entities/record.entity';
import { RecordsModule } from 'src/records/records.module';
import { PtrRecordsService } from 'src/reverse-zones/ptr-records.service';
import { ReverseZonesController } from 'src/reverse-zones/reverse-zones.controller';
import { ReverseZonesRepository } from 'src/reverse-zones/reverse-zones.repository';
import { ReverseZonesService } from 'src/reverse-zones/reverse-zones.service';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/** Reverse zones from CIDRs and PTR records addressed by IP, on top of the shared zone store and records. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DomainEntity, RecordEntity]),
    ZoneStoreModule,
    RecordsModule,
    DomainsModule,
  ],
  controllers: [ReverseZonesController],
  providers: [ReverseZonesService, PtrRecordsService, ReverseZonesRepository],
})
export class ReverseZonesModule {}
