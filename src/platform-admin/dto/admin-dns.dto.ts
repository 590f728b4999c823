import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { REWRITE_STATUSES, RewriteStatus } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import {
  MAX_AUTHORITATIVE_DOMAINS,
  MAX_NAMESERVERS,
  MIN_NAMESERVERS,
} from 'src/platform-config/platform-config-values';

export class NameserversDto {
  @ApiProperty({
    type: [String],
    minItems: MIN_NAMESERVERS,
    maxItems: MAX_NAMESERVERS,
    example: ['ns1.scaidns.scailabs.ai.', 'ns2.scaidns.scailabs.ai.'],
    description: 'Host names, in order (the first is the SOA primary); stored absolute and lowercase',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  nameservers: string[];
}

export class AuthoritativeDomainsDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_AUTHORITATIVE_DOMAINS,
    example: ['scaidns.scailabs.ai'],
    description: 'Zone names (stored lowercase, punycode, without the trailing dot)',
  })
  @IsArray()
  @ArrayMaxSize(MAX_AUTHORITATIVE_DOMAINS)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  domains: string[];
}

export class RewriteZoneErrorDto {
  @ApiProperty() domain_id: string;
  @ApiProperty({ example: 'example.com' }) domain: string;
  @ApiProperty({ example: 'PowerDNS has no zone example.com.' }) error: string;
}

export class NameserverRewriteJobDto {
  @ApiProperty({ description: 'Poll GET /api/v1/admin/nameservers/jobs/{job_id}' }) job_id: string;
  @ApiProperty({ enum: REWRITE_STATUSES }) status: RewriteStatus;
  @ApiProperty({ type: [String] }) nameservers: string[];
  @ApiProperty({ type: [String] }) previous_nameservers: string[];
  @ApiProperty({ description: 'Published zones to rewrite (counted again when the rewrite starts)' })
  total: number;
  @ApiProperty({ description: 'Zones rewritten so far' }) done: number;
  @ApiProperty({ description: 'Zones that could not be rewritten (see errors)' }) failed: number;
  @ApiProperty({ description: 'Zones no longer published when their turn came (nothing to rewrite)' })
  skipped: number;
  @ApiProperty({ type: [RewriteZoneErrorDto] }) errors: RewriteZoneErrorDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the rewrite as a whole failed' }) message:
    string | null;
  @ApiProperty({ nullable: true, type: String }) requested_by: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) started_at: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finished_at: string | null;
}

export class NameserverRewriteJobListDto {
  @ApiProperty({ type: [NameserverRewriteJobDto] }) data: NameserverRewriteJobDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
