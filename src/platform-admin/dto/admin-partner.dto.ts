import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';

const PARTNER_STATUSES = [
  'active',
  'suspended',
  'deleted',
] as const satisfies readonly PartnerEntity['status'][];

export class PartnerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_STATUSES })
  @IsOptional()
  @IsIn(PARTNER_STATUSES)
  status?: PartnerEntity['status'];

  @ApiPropertyOptional({ description: 'Substring of the name, slug or ScaiKey id' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class PartnerDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'prt_demo' }) scaikey_partner_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) slug: string | null;
  @ApiProperty({ enum: PARTNER_STATUSES }) status: PartnerEntity['status'];
  @ApiProperty({ description: 'Tenants of the partner in the local cache' }) tenant_count: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class PartnerListResponseDto {
  @ApiProperty({ type: [PartnerDto] }) data: PartnerDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
