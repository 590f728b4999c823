import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DnsLookupModule } from 'src/dns-lookup/dns-lookup.module';
import { DnssecKeyStore } from 'src/dnssec/dnssec-key-store.service';
import { DnssecKeysRepository } from 'src/dnssec/dnssec-keys.repository';
import { DEFAULT_DNSSEC_POLICY, DNSSEC_POLICY } from 'src/dnssec/dnssec-policy';
import { DnssecRolloverService } from 'src/dnssec/dnssec-rollover.service';
import { DnssecController } from 'src/dnssec/dnssec.controller';
import { DnssecService } from 'src/dnssec/dnssec.service';
import { DnssecKeyEntity } from 'src/dnssec/entities/dnssec-key.entity';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

/**
 * DNSSEC key lifecycle on top of PowerDNS's signing: the `/domains/{id}/dnssec` routes and the rollover service the
 * worker runs on a schedule (src/dnssec/jobs). The timings come from DNSSEC_POLICY (override it to shorten them).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DnssecKeyEntity]), ZoneStoreModule, DnsLookupModule],
  controllers: [DnssecController],
  providers: [
    { provide: DNSSEC_POLICY, useValue: DEFAULT_DNSSEC_POLICY },
    DnssecKeysRepository,
    DnssecKeyStore,
    DnssecService,
    DnssecRolloverService,
  ],
  exports: [DnssecService, DnssecRolloverService, DNSSEC_POLICY],
})
export class DnssecModule {}
