import { Injectable } from '@nestjs/common';
import { ZoneAccessService, ZonePermissions } from 'src/access-grants/zone-access.service';
import { Permission } from 'src/auth/permissions';
import { RequestContext } from 'src/common/context/request-context';
import { pageRequest } from 'src/common/pagination/pagination';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { displayName } from 'src/records/content/record-name';
import { RecordDto } from 'src/records/dto/record.dto';
import { RecordEntity } from 'src/records/entities/record.entity';
import { prepareRecord } from 'src/records/record-input';
import { RecordsService } from 'src/records/records.service';
import {
  IpAddress,
  containsIp,
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from 'src/reverse-zones/cidr/ip-cidr';
import {
  ZoneRange,
  candidateZones,
  ipFromPtrName,
  ptrName,
  zoneRangeFromName,
} from 'src/reverse-zones/cidr/reverse-names';
import {
  BulkCreatePtrRecordsDto,
  BulkPtrResultDto,
  CreatePtrRecordDto,
  ListPtrRecordsQueryDto,
  PtrLookupDto,
  PtrRecordDto,
  PtrRecordListDto,
} from 'src/reverse-zones/dto/ptr-record.dto';
import {
  InvalidIpError,
  IpOutsideZoneError,
  PtrBulkError,
  PtrBulkRejectedError,
  PtrNotFoundError,
  ReverseZoneNotFoundError,
  ReverseZoneRangeUnknownError,
} from 'src/reverse-zones/reverse-zones.errors';
import { ReverseZonesRepository } from 'src/reverse-zones/reverse-zones.repository';
import { requireTenant } from 'src/tenants/tenant-context';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

interface ReverseZoneHandle {
  domain: DomainEntity;
  access: ZonePermissions;
  range: ZoneRange;
}

/**
 * PTR records addressed by IP. The records themselves go through RecordsService (validation, conflicts, audit,
 * PowerDNS); this service turns addresses into the PTR names of the zone and back, and checks that an address
 * belongs to the zone.
 */
@Injectable()
export class PtrRecordsService {
  constructor(
    private readonly zones: ZoneLookupService,
    private readonly access: ZoneAccessService,
    private readonly reverse: ReverseZonesRepository,
    private readonly records: RecordsService,
  ) {}

  /** Ordered by address; `search` matches a substring of the address or hostname, or a whole address in any form. */
  async list(
    context: RequestContext,
    domainId: string,
    query: ListPtrRecordsQueryDto,
  ): Promise<PtrRecordListDto> {
    const { domain, access, range } = await this.reverseZone(context, domainId, 'records:read');
    const page = pageRequest(query);
    const search = query.search?.trim().toLowerCase() ?? '';
    const searchedIp = search ? parseIp(search) : null;
    const rows = (await this.reverse.ptrRecords(domain.tenantId, domain.id))
      .filter((row) => access.allows('records:read', target(row, domain)))
      .flatMap((row) => {
        const ip = ipFromPtrName(row.name, range);
        return ip ? [{ row, ip, text: formatIp(ip) }] : [];
      })
      .filter(
        ({ row, ip, text }) =>
          !search ||
          text.includes(search) ||
          row.content.includes(search) ||
          (searchedIp !== null && searchedIp.version === ip.version && searchedIp.value === ip.value),
      )
      .sort((a, b) =>
        a.ip.value < b.ip.value
          ? -1
          : a.ip.value > b.ip.value
            ? 1
            : a.row.content.localeCompare(b.row.content),
      );
    return {
      data: rows
        .slice(page.offset, page.offset + page.pageSize)
        .map(({ row, text }) => ({ id: row.id, ip: text, hostname: row.content, ttl: row.ttl })),
      total: rows.length,
      page: page.page,
      page_size: page.pageSize,
    };
  }

  async create(context: RequestContext, domainId: string, dto: CreatePtrRecordDto): Promise<PtrRecordDto> {
    const { domain, range } = await this.reverseZone(context, domainId, 'records:create');
    const ip = addressInZone(dto.ip, domain, range);
    const record = await this.records.create(context, domain.id, {
      name: `${ptrName(ip, range)}.`,
      type: 'PTR',
      content: dto.hostname,
      ttl: dto.ttl,
    });
    return toPtr(record, ip);
  }

  /** All or nothing: one bad address, hostname or conflict and no record is created. */
  async bulkCreate(
    context: RequestContext,
    domainId: string,
    dto: BulkCreatePtrRecordsDto,
  ): Promise<BulkPtrResultDto> {
    const { domain, range } = await this.reverseZone(context, domainId, 'records:create');
    const errors: PtrBulkError[] = [];
    const inputs = dto.records.map((entry, index) => {
      const ip = parseIp(entry.ip);
      const input = {
        name: ip ? `${ptrName(ip, range)}.` : '',
        type: 'PTR',
        content: entry.hostname,
        ttl: entry.ttl,
      };
      if (!ip) {
        errors.push({ index, ip: entry.ip, error: `'${entry.ip}' is not an IPv4 or IPv6 address` });
      } else if (!containsIp(range.cidr, ip)) {
        errors.push({
          index,
          ip: entry.ip,
          error: `${formatIp(ip)} is outside ${formatCidr(range.cidr)}, the range of the reverse zone ${domain.name}`,
        });
      } else {
        const prepared = prepareRecord(domain.fqdn, input, domain.defaultTtl);
        if (!prepared.ok) {
          errors.push({ index, ip: entry.ip, error: prepared.error });
        }
      }
      return input;
    });
    if (errors.length > 0) {
      throw new PtrBulkRejectedError(errors);
    }
    const result = await this.records.bulkCreate(context, domain.id, {
      records: inputs,
      continue_on_error: false,
    });
    const created = result.created.map((record) => toPtr(record, ipFromPtrName(record.name, range)!));
    return { created, total_created: created.length };
  }

  /** Deletes every PTR record of the address (there may be several hostnames). */
  async remove(context: RequestContext, domainId: string, ipText: string): Promise<void> {
    const { domain, access, range } = await this.reverseZone(context, domainId, 'records:delete');
    const ip = addressInZone(ipText, domain, range);
    const rows = (
      await this.reverse.ptrRecordsAt(domain.tenantId, domain.id, `${ptrName(ip, range)}.`)
    ).filter((row) => access.allows('records:read', target(row, domain)));
    if (rows.length === 0) {
      throw new PtrNotFoundError(formatIp(ip));
    }
    await this.records.bulkDelete(
      context,
      domain.id,
      rows.map((row) => row.id),
    );
  }

  /**
   * The PTR of an address in the tenant's reverse zones: the most specific zone holding one wins (an RFC 2317 zone
   * before its /24 parent, whose entry is only the CNAME). Zones the caller cannot read are skipped.
   */
  async lookup(context: RequestContext, ipText: string): Promise<PtrLookupDto> {
    const ip = parseIp(ipText);
    if (!ip) {
      throw new InvalidIpError(ipText);
    }
    const candidates = candidateZones(ip).map((zone) => zone.name);
    const found = await this.reverse.liveZonesNamed(requireTenant(context), candidates);
    const zones = found
      .filter((zone) => zone.domainType === 'reverse_ipv4' || zone.domainType === 'reverse_ipv6')
      .sort((a, b) => candidates.indexOf(a.name) - candidates.indexOf(b.name));
    for (const domain of zones) {
      const range = rangeOfZone(domain);
      const access = await this.access.forZone(context, domain.id);
      if (!range || !containsIp(range.cidr, ip) || !access.allowsSomewhere('records:read')) {
        continue;
      }
      const name = `${ptrName(ip, range)}.`;
      const row = (await this.reverse.ptrRecordsAt(domain.tenantId, domain.id, name)).find((candidate) =>
        access.allows('records:read', target(candidate, domain)),
      );
      if (row) {
        return {
          id: row.id,
          ip: formatIp(ip),
          hostname: row.content,
          ttl: row.ttl,
          domain_id: domain.id,
          domain_name: domain.name,
          ptr_name: name.slice(0, -1),
        };
      }
    }
    throw new PtrNotFoundError(formatIp(ip));
  }

  private async reverseZone(
    context: RequestContext,
    domainId: string,
    permission: Permission,
  ): Promise<ReverseZoneHandle> {
    const { domain, access } = await this.zones.get(context, domainId, permission);
    if (domain.domainType !== 'reverse_ipv4' && domain.domainType !== 'reverse_ipv6') {
      throw new ReverseZoneNotFoundError();
    }
    const range = rangeOfZone(domain);
    if (!range) {
      throw new ReverseZoneRangeUnknownError(domain.name);
    }
    return { domain, access, range };
  }
}

/** From the zone name (the truth for DNS); from the stored CIDR only for zones whose name has another form. */
function rangeOfZone(domain: DomainEntity): ZoneRange | null {
  const fromName = zoneRangeFromName(domain.name);
  if (fromName) {
    return fromName;
  }
  const stored = domain.cidr ? parseCidr(domain.cidr) : null;
  return stored?.ok
    ? {
        name: domain.name,
        cidr: stored.cidr,
        classless: stored.cidr.version === 4 && stored.cidr.prefix > 24,
      }
    : null;
}

function addressInZone(text: string, domain: DomainEntity, range: ZoneRange): IpAddress {
  const ip = parseIp(text);
  if (!ip) {
    throw new InvalidIpError(text);
  }
  if (!containsIp(range.cidr, ip)) {
    throw new IpOutsideZoneError(formatIp(ip), formatCidr(range.cidr), domain.name);
  }
  return ip;
}

function target(row: RecordEntity, domain: DomainEntity): { relativeName: string; type: string } {
  return { relativeName: displayName(row.name, domain.fqdn), type: row.type };
}

function toPtr(record: RecordDto, ip: IpAddress): PtrRecordDto {
  return { id: record.id, ip: formatIp(ip), hostname: record.content, ttl: record.ttl };
}
