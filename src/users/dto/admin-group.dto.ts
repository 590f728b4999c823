import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { GroupType } from 'src/users/entities/group.entity';

const GROUP_TYPES: GroupType[] = ['SECURITY', 'DISTRIBUTION_LIST'];

export class AdminGroupListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Substring of the name or description' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class CreateGroupDto {
  @ApiProperty({ maxLength: 255, example: 'DNS Operators' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ enum: GROUP_TYPES, default: 'SECURITY' })
  @IsOptional()
  @IsIn(GROUP_TYPES)
  group_type?: GroupType;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ enum: GROUP_TYPES })
  @IsOptional()
  @IsIn(GROUP_TYPES)
  group_type?: GroupType;
}

export class AddGroupMemberDto {
  @ApiProperty({ description: 'ScaiDNS id (UUID) or ScaiKey id of a user of this tenant' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  user_id: string;
}

export class AdminGroupDto {
  @ApiProperty({ format: 'uuid', description: 'ScaiDNS group id' }) id: string;
  @ApiProperty({ example: 'grp_acme_dns_ops' }) scaikey_group_id: string;
  @ApiProperty({ format: 'uuid' }) tenant_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({ enum: GROUP_TYPES }) group_type: string;
  @ApiProperty() member_count: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() scaikey_user_id: string;
  @ApiProperty({ nullable: true }) email: string | null;
  @ApiProperty({ nullable: true }) name: string | null;
  @ApiProperty({ enum: ['active', 'inactive'] }) status: string;
}

export class AdminGroupDetailDto extends AdminGroupDto {
  @ApiProperty({ type: [GroupMemberDto] }) members: GroupMemberDto[];
}

export class AdminGroupListResponseDto {
  @ApiProperty({ type: [AdminGroupDto] }) data: AdminGroupDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
