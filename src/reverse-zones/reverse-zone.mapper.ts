import { toDomainSummary } from 'src/domains/domain.mapper';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { ReverseZoneRangeDto, ReverseZoneSummaryDto } from 'src/reverse-zones/dto/reverse-zone.dto';
import {
  Cidr,
  addressCount,
  firstAddress,
  formatCidr,
  formatIp,
  lastAddress,
} from 'src/reverse-zones/cidr/ip-cidr';

export function toReverseZoneSummary(domain: DomainEntity): ReverseZoneSummaryDto {
  return { ...toDomainSummary(domain), cidr: domain.cidr };
}

/** Start, end and size of a network; `ip_count` loses precision above 2^53 (IPv6), `ip_count_exact` never does. */
export function rangeOf(cidr: Cidr): Omit<ReverseZoneRangeDto, 'zone_name'> {
  const count = addressCount(cidr);
  return {
    cidr: formatCidr(cidr),
    start_ip: formatIp(firstAddress(cidr)),
    end_ip: formatIp(lastAddress(cidr)),
    ip_count: Number(count),
    ip_count_exact: count.toString(),
  };
}
