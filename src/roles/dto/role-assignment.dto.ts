import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { PrincipalType, ScopeType } from 'src/roles/entities/role-assignment.entity';

export const PRINCIPAL_TYPES: PrincipalType[] = ['user', 'group'];
export const SCOPE_TYPES: ScopeType[] = ['platform', 'tenant', 'domain'];

export class CreateRoleAssignmentDto {
  @ApiProperty({ description: 'Role id (UUID), or the name of a system role or of one of your custom roles' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  role_id: string;

  @ApiProperty({ enum: PRINCIPAL_TYPES })
  @IsIn(PRINCIPAL_TYPES)
  principal_type: PrincipalType;

  @ApiProperty({
    description: 'ScaiDNS id (UUID) or ScaiKey id (usr_…/grp_…) of a user or group of this tenant',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  principal_id: string;

  @ApiProperty({
    enum: SCOPE_TYPES,
    description: 'platform: platform admins only; tenant: the current tenant',
  })
  @IsIn(SCOPE_TYPES)
  scope_type: ScopeType;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'domain scope: the zone id (required). tenant scope: optional, must be the current tenant. platform: omit',
  })
  @ValidateIf((dto: CreateRoleAssignmentDto) => dto.scope_id !== undefined && dto.scope_id !== null)
  @IsString()
  @MaxLength(64)
  scope_id?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'The assignment stops counting at this time (must be in the future); null = never',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string | null;
}

export class RoleAssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PRINCIPAL_TYPES })
  @IsOptional()
  @IsIn(PRINCIPAL_TYPES)
  principal_type?: PrincipalType;

  @ApiPropertyOptional({ description: 'ScaiDNS id or ScaiKey id of the user or group' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  principal_id?: string;

  @ApiPropertyOptional({ enum: SCOPE_TYPES })
  @IsOptional()
  @IsIn(SCOPE_TYPES)
  scope_type?: ScopeType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  role_id?: string;

  @ApiPropertyOptional({ default: false, description: 'Also list assignments whose expires_at has passed' })
  @QueryBoolean()
  include_expired?: boolean;
}

export class RoleAssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) role_id: string;
  @ApiProperty() role_name: string;
  @ApiProperty({ enum: PRINCIPAL_TYPES }) principal_type: string;
  @ApiProperty({ format: 'uuid', description: 'ScaiDNS id of the user or group' }) principal_id: string;
  @ApiProperty({ enum: SCOPE_TYPES }) scope_type: string;
  @ApiProperty({
    nullable: true,
    description: 'Tenant id (tenant scope), zone id (domain scope), null (platform)',
  })
  scope_id: string | null;
  @ApiProperty({ nullable: true, format: 'uuid', description: 'null for platform-scoped assignments' })
  tenant_id: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at: Date | null;
  @ApiProperty() is_expired: boolean;
  @ApiProperty({ nullable: true, format: 'uuid', description: 'ScaiDNS user who made the assignment' })
  created_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
}

export class RoleAssignmentListResponseDto {
  @ApiProperty({ type: [RoleAssignmentResponseDto] }) data: RoleAssignmentResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
