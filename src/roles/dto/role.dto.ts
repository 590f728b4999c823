import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { PERMISSIONS, Permission } from 'src/auth/permissions';
import { PageQueryDto } from 'src/common/pagination/pagination';

/** Lowercase slug: starts with a letter; letters, digits, single '-' or '_' between them. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const ROLE_NAME_MESSAGE = 'name must be a lowercase slug: a-z, 0-9, "-" or "_", starting with a letter';

export class CreateRoleDto {
  @ApiProperty({ example: 'dns-editor', maxLength: 64, pattern: ROLE_NAME_PATTERN.source })
  @IsString()
  @MaxLength(64)
  @Matches(ROLE_NAME_PATTERN, { message: ROLE_NAME_MESSAGE })
  name: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 1024, example: 'Edits records, reads the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiProperty({
    enum: PERMISSIONS,
    isArray: true,
    example: ['records:create', 'records:update'],
    description: 'Permissions from the catalogue; you can only include permissions you hold in this tenant',
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  permissions: Permission[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'dns-editor', maxLength: 64, pattern: ROLE_NAME_PATTERN.source })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(ROLE_NAME_PATTERN, { message: ROLE_NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({ enum: PERMISSIONS, isArray: true, description: 'Replaces the whole set' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  permissions?: Permission[];
}

export class RoleListQueryDto extends PageQueryDto {}

export class RoleResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dns-editor' }) name: string;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({ description: 'System roles are the same in every tenant and read-only' }) is_system: boolean;
  @ApiProperty({ nullable: true, format: 'uuid', description: 'Owning tenant; null for system roles' })
  tenant_id: string | null;
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) permissions: string[];
  @ApiProperty({ description: "How many of this tenant's role assignments use the role" })
  assignment_count: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class RoleListResponseDto {
  @ApiProperty({ type: [RoleResponseDto] }) data: RoleResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
