import { Module } from '@nestjs/common';
import { DnsLookupService } from 'src/dns-lookup/dns-lookup.service';
import { DnsTransport } from 'src/dns-lookup/dns-transport';
import { OwnershipChecker } from 'src/dns-lookup/ownership-checker.service';

/**
 * Live DNS lookups: domain ownership checks (OwnershipChecker) and raw lookups such as the parent's DS set
 * (DnsLookupService). Needs AppConfig and MetricsService from their global modules.
 */
@Module({
  providers: [DnsTransport, DnsLookupService, OwnershipChecker],
  exports: [DnsLookupService, OwnershipChecker],
})
export class DnsLookupModule {}
