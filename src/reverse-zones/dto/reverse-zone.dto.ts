import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { DomainDetailDto, DomainSummaryDto } from 'src/domains/dto/domain.dto';
import { MAX_TTL, MIN_TTL } from 'src/records/content/record-rules';

export class ReverseZonePreviewRequestDto {
  @ApiProperty({ example: '192.0.2.0/24', description: 'IPv4 /8 or longer; IPv6 /4 to /124 in steps of 4' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  cidr: string;
}

export class CreateReverseZoneDto extends ReverseZonePreviewRequestDto {
  @ApiPropertyOptional({ default: 3600, minimum: MIN_TTL, maximum: MAX_TTL })
  @IsOptional()
  @IsInt()
  @Min(MIN_TTL)
  @Max(MAX_TTL)
  default_ttl?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;
}

export class ListReverseZonesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Substring of the zone name or of its CIDR (a CIDR is matched in canonical form)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  search?: string;
}

/** One zone of a preview. */
export class ReverseZoneRangeDto {
  @ApiProperty({ example: '2.0.192.in-addr.arpa' }) zone_name: string;
  @ApiProperty({ example: '192.0.2.0/24' }) cidr: string;
  @ApiProperty({ example: '192.0.2.0' }) start_ip: string;
  @ApiProperty({ example: '192.0.2.255' }) end_ip: string;
  @ApiProperty({
    example: 256,
    description: 'Exact up to 2^53; larger IPv6 counts are the nearest double (see ip_count_exact)',
  })
  ip_count: number;
  @ApiProperty({ example: '256', description: 'The exact address count as a decimal string' })
  ip_count_exact: string;
}

export class ReverseZonePreviewDto {
  @ApiProperty({
    example: '2.0.192.in-addr.arpa',
    description: 'The zone for the CIDR; for a split CIDR the first of `zones`',
  })
  zone_name: string;
  @ApiProperty({ example: '192.0.2.0' }) start_ip: string;
  @ApiProperty({ example: '192.0.2.255' }) end_ip: string;
  @ApiProperty({ example: 256 }) ip_count: number;
  @ApiProperty({ example: '256' }) ip_count_exact: string;
  @ApiProperty({ enum: ['reverse_ipv4', 'reverse_ipv6'] }) domain_type: string;
  @ApiProperty({ example: '192.0.2.0/24', description: 'The CIDR in canonical form' }) cidr: string;
  @ApiProperty({ description: 'True for RFC 2317 classless zones (IPv4 /25 to /32)' }) classless: boolean;
  @ApiProperty({
    nullable: true,
    example: null,
    description: 'For a classless zone, the /24 zone it is delegated from',
  })
  parent_zone: string | null;
  @ApiProperty({
    description: 'True when the CIDR is not on an octet boundary and is covered by several zones',
  })
  split: boolean;
  @ApiProperty({
    type: [ReverseZoneRangeDto],
    description: 'Every zone that would be created, in address order',
  })
  zones: ReverseZoneRangeDto[];
}

export class ReverseZoneSummaryDto extends DomainSummaryDto {
  @ApiProperty({ nullable: true, example: '192.0.2.0/24' }) cidr: string | null;
}

export class ReverseZoneListDto {
  @ApiProperty({ type: [ReverseZoneSummaryDto] }) data: ReverseZoneSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}

export const DELEGATION_STATUSES = ['delegated', 'parent_not_in_tenant', 'not_permitted'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** What happened in the parent /24 zone when an RFC 2317 zone was created. */
export class ParentDelegationDto {
  @ApiProperty({ example: '2.0.192.in-addr.arpa' }) parent_zone: string;
  @ApiProperty({ nullable: true, format: 'uuid' }) parent_domain_id: string | null;
  @ApiProperty({
    enum: DELEGATION_STATUSES,
    description:
      '`delegated`: CNAMEs and NS added to the parent zone; `parent_not_in_tenant`: no such zone in this tenant, ' +
      'nothing was touched (whoever runs the parent must add them); `not_permitted`: the caller may not create ' +
      'records in the parent zone, nothing was touched',
  })
  status: DelegationStatus;
  @ApiProperty({ description: 'Records added to the parent (ones already present are not added again)' })
  records_added: number;
}

/**
 * The zone created for a CIDR (for a split CIDR: the first of `zones`) as a DomainDetailResponse, plus the range of
 * the requested CIDR and every zone created for it.
 */
export class ReverseZoneDetailDto extends DomainDetailDto {
  @ApiProperty({
    example: '192.0.2.0/24',
    description: "The requested CIDR in canonical form (`cidr` is the zone's own)",
  })
  requested_cidr: string;
  @ApiProperty({ example: '192.0.2.0', description: 'First address of the requested CIDR' }) start_ip: string;
  @ApiProperty({ example: '192.0.2.255', description: 'Last address of the requested CIDR' }) end_ip: string;
  @ApiProperty({ example: 256 }) ip_count: number;
  @ApiProperty({ example: '256' }) ip_count_exact: string;
  @ApiProperty({
    type: [ReverseZoneSummaryDto],
    description: 'Every zone created for the CIDR, in address order (one, unless the CIDR was split)',
  })
  zones: ReverseZoneSummaryDto[];
  @ApiProperty({
    type: ParentDelegationDto,
    nullable: true,
    description: 'Only for RFC 2317 classless zones',
  })
  parent_delegation: ParentDelegationDto | null;
  @ApiProperty({
    type: [String],
    description: 'Classless zones of the tenant inside this /24 zone that were delegated from it on creation',
  })
  child_delegations: string[];
}
