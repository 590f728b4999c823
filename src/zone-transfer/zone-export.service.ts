import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { displayName } from 'src/records/content/record-name';
import { RecordsRepository } from 'src/records/records.repository';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';
import { ZoneExportDto } from 'src/zone-transfer/dto/zone-transfer.dto';
import { writeBindZone } from 'src/zone-transfer/formats/bind-zone-writer';

/** A zone file ready to be sent as a download. */
export interface ZoneFileDownload {
  filename: string;
  content: string;
}

/**
 * Zone export, from ScaiDNS's own data (so zones still pending validation export too): the SOA and NS ScaiDNS serves,
 * and the records the caller may read.
 */
@Injectable()
export class ZoneExportService {
  constructor(
    private readonly zones: ZoneLookupService,
    private readonly repository: RecordsRepository,
    private readonly publisher: ZonePublisher,
    private readonly audit: AuditService,
  ) {}

  async export(context: RequestContext, domainId: string): Promise<ZoneExportDto> {
    const { domain, zoneFile } = await this.build(context, domainId, false);
    return { domain_id: domain.id, domain_name: domain.name, format: 'bind', zone_file: zoneFile };
  }

  async download(context: RequestContext, domainId: string): Promise<ZoneFileDownload> {
    const { domain, zoneFile } = await this.build(context, domainId, true);
    return { filename: `${domain.name}.zone`, content: zoneFile };
  }

  private async build(context: RequestContext, domainId: string, download: boolean) {
    const { domain, access } = await this.zones.get(context, domainId, 'records:read');
    const rows = await this.repository.allInZone(domain.tenantId, domain.id);
    const records = rows.filter((row) =>
      access.canSee({ relativeName: displayName(row.name, domain.fqdn), type: row.type }),
    );
    const system = await this.publisher.systemRecords(domain);
    const disabled = records.filter((record) => record.disabled).length;
    const zoneFile = writeBindZone({
      zone: domain.fqdn,
      defaultTtl: domain.defaultTtl,
      system,
      records,
      header: [
        `Zone ${domain.name}, exported by ScaiDNS at ${new Date().toISOString()}`,
        `Status ${domain.status}; ${records.length} record(s)${disabled > 0 ? `, ${disabled} disabled` : ''}`,
        `Disabled records are written as "; disabled: <record>", ALIAS records as "; alias: <record>";`,
        `ScaiDNS's import reads both back.`,
        '',
      ],
    });
    await this.audit.record(context, {
      action: 'domain.export',
      resourceType: 'domain',
      resourceId: domain.id,
      resourceName: domain.name,
      extra: { domain_id: domain.id, format: 'bind', record_count: records.length, download },
    });
    return { domain, zoneFile };
  }
}
