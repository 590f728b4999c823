import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { TenantStatus } from 'src/tenants/entities/tenant.entity';

export const TENANT_STATUSES = ['active', 'suspended'] as const satisfies readonly TenantStatus[];

/** Lowercase letters, digits and inner hyphens, as ScaiKey slugs are. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/;
/** ScaiKey ids such as `tnt_9x2k...`: letters, digits, `_`, `-`, `.`, `:`. */
export const SCAIKEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export class TenantListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TENANT_STATUSES })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;

  @ApiPropertyOptional({ description: 'Substring of the name, slug or ScaiKey id' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;

  @ApiPropertyOptional({ description: "Only this partner's tenants (ScaiDNS or ScaiKey partner id)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  partner_id?: string;
}

export class CreateTenantDto {
  @ApiProperty({ maxLength: 255, example: 'Initech' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ maxLength: 128, example: 'initech', description: 'Lowercase letters, digits and hyphens' })
  @IsString()
  @Matches(SLUG_PATTERN, {
    message: 'slug must be lowercase letters, digits and inner hyphens (at most 128)',
  })
  slug: string;

  @ApiProperty({ maxLength: 64, example: 'tnt_initech', description: "The tenant's id at ScaiKey" })
  @IsString()
  @Matches(SCAIKEY_ID_PATTERN, {
    message: 'scaikey_tenant_id must be a ScaiKey id (letters, digits, _ . : -; at most 64)',
  })
  scaikey_tenant_id: string;

  @ApiPropertyOptional({ description: 'Partner (ScaiDNS or ScaiKey partner id); must be in the local cache' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  partner_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;
}

export class UpdateTenantDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Replaces the settings; null clears them',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsObject()
  settings?: Record<string, unknown> | null;

  @ApiPropertyOptional({ enum: TENANT_STATUSES, description: 'Same as POST .../suspend or .../activate' })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;
}

export class TenantDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'tnt_acme' }) scaikey_tenant_id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ enum: TENANT_STATUSES }) status: TenantStatus;
  @ApiProperty({ nullable: true, type: String, description: 'ScaiDNS partner id' }) partner_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'prt_demo' }) scaikey_partner_id: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) settings: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TenantDetailDto extends TenantDto {
  @ApiProperty({ description: 'Zones of the tenant, soft-deleted ones excluded' }) zone_count: number;
  @ApiProperty({ description: 'Active users in the local cache' }) user_count: number;
  @ApiProperty({ description: 'API keys that are active and not expired' }) api_key_count: number;
}

export class TenantListResponseDto {
  @ApiProperty({ type: [TenantDto] }) data: TenantDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
