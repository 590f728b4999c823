import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MeDto {
  @ApiProperty({ description: 'ScaiDNS user id (or API key id for keys owned by a group)' }) id: string;
  @ApiProperty({ enum: ['user', 'api_key'] }) principal_type: string;
  @ApiProperty({ description: 'ScaiKey subject' }) scaikey_user_id: string;
  @ApiProperty({ nullable: true }) email: string | null;
  @ApiProperty({ nullable: true }) name: string | null;
  @ApiProperty({ nullable: true }) tenant_id: string | null;
  @ApiProperty({ nullable: true }) scaikey_tenant_id: string | null;
  @ApiProperty() is_platform_admin: boolean;
  @ApiProperty() is_tenant_admin: boolean;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiPropertyOptional({ nullable: true }) api_key_id: string | null;
  @ApiPropertyOptional({ type: [String], nullable: true }) scopes: string[] | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) claims?: Record<string, unknown>;
}

export class MeEnvelopeDto {
  @ApiProperty({ type: MeDto }) data: MeDto;
}

export class TenantSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() scaikey_tenant_id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty() status: string;
}

export class GroupSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class MeContextDto {
  @ApiProperty({ type: MeDto }) user: MeDto;
  @ApiProperty({ type: TenantSummaryDto, nullable: true }) tenant: TenantSummaryDto | null;
  @ApiProperty({ type: TenantSummaryDto, nullable: true, description: "The credential's own tenant" })
  home_tenant: TenantSummaryDto | null;
  @ApiProperty({ type: [GroupSummaryDto] }) groups: GroupSummaryDto[];
}
