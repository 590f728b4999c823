import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import {
  DOMAIN_STATUSES,
  DOMAIN_TYPES,
  DNSSEC_STATUSES,
  DomainStatus,
  DomainType,
} from 'src/domains/entities/domain.entity';
import { MAX_TTL, MIN_TTL } from 'src/records/content/record-rules';

export class ListDomainsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOMAIN_STATUSES })
  @IsOptional()
  @IsIn(DOMAIN_STATUSES)
  status?: DomainStatus;

  @ApiPropertyOptional({ enum: DOMAIN_TYPES })
  @IsOptional()
  @IsIn(DOMAIN_TYPES)
  domain_type?: DomainType;

  @ApiPropertyOptional()
  @QueryBoolean()
  dnssec_enabled?: boolean;

  @ApiPropertyOptional({ description: 'Substring of the zone name' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  search?: string;

  @ApiPropertyOptional({ description: 'Include soft-deleted zones', default: false })
  @QueryBoolean()
  include_deleted?: boolean;
}

export class CreateDomainDto {
  @ApiProperty({
    example: 'example.com',
    description: 'Zone name; case, a trailing dot and Unicode (IDN) are normalised',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: DOMAIN_TYPES, example: 'primary' })
  @IsIn(DOMAIN_TYPES)
  domain_type: DomainType;

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

  @ApiPropertyOptional({ description: 'For reverse zones; prefer POST /api/v1/reverse-zones/' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cidr?: string;

  @ApiPropertyOptional({ description: 'Template to apply once the zone is validated' })
  @IsOptional()
  @IsUUID()
  template_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  template_variables?: Record<string, string>;
}

export class UpdateDomainDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ minimum: MIN_TTL, maximum: MAX_TTL })
  @IsOptional()
  @IsInt()
  @Min(MIN_TTL)
  @Max(MAX_TTL)
  default_ttl?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class DeleteDomainQueryDto {
  @ApiPropertyOptional({
    description: 'Delete permanently (removes the zone from PowerDNS and every record)',
  })
  @QueryBoolean()
  hard?: boolean;
}

export class GetDomainQueryDto {
  @ApiPropertyOptional({ description: 'Also find soft-deleted zones' })
  @QueryBoolean()
  include_deleted?: boolean;
}

export class DomainSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'example.com' }) name: string;
  @ApiProperty({ enum: DOMAIN_TYPES }) domain_type: DomainType;
  @ApiProperty({ enum: DOMAIN_STATUSES }) status: DomainStatus;
  @ApiProperty() default_ttl: number;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty() dnssec_enabled: boolean;
  @ApiProperty({ format: 'uuid' }) tenant_id: string;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class DomainDetailDto extends DomainSummaryDto {
  @ApiProperty({ enum: DNSSEC_STATUSES }) dnssec_status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) settings: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: [String], example: ['ns1.scaidns.scailabs.ai.', 'ns2.scaidns.scailabs.ai.'] })
  nameservers: string[];
  @ApiProperty() record_count: number;
  @ApiProperty({ nullable: true }) cidr: string | null;
  @ApiProperty({ description: 'True while PowerDNS answers for the zone' }) served: boolean;
  @ApiProperty({ nullable: true }) validated_at: string | null;
  @ApiProperty({ nullable: true }) deleted_at: string | null;
  @ApiProperty({ nullable: true, format: 'uuid' }) pending_template_id: string | null;
}

export class DomainListDto {
  @ApiProperty({ type: [DomainSummaryDto] }) data: DomainSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}

export class RecordTypeInfoDto {
  @ApiProperty() type: string;
  @ApiProperty() description: string;
  @ApiProperty() example_content: string;
  @ApiProperty() example_name: string;
}

export class RecordTypesDto {
  @ApiProperty({ type: [RecordTypeInfoDto] }) data: RecordTypeInfoDto[];
}
