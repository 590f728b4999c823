import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';

const USER_STATUSES = ['active', 'inactive'] as const;

export class AdminUserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: (typeof USER_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Substring of the e-mail address or name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

/** Profile fields ScaiKey keeps for a user. */
class UserProfileFields {
  @ApiPropertyOptional({ maxLength: 100, example: 'Erin' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  first_name?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Evans' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  last_name?: string;

  @ApiPropertyOptional({
    maxLength: 255,
    example: 'Erin Evans',
    description: 'Default: "first_name last_name"',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  display_name?: string;
}

export class InviteUserDto extends UserProfileFields {
  @ApiProperty({ format: 'email', maxLength: 320, example: 'erin@acme.test' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiPropertyOptional({
    description:
      "Tenant to create the user in (ScaiDNS id, ScaiKey id or slug); default the caller's tenant. Another tenant: platform admins only",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  tenant_id?: string;
}

export class CreateUserDto extends InviteUserDto {
  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 256,
    description:
      'Initial password. Omit it to create the user without one (ScaiKey invites them, where configured)',
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string;
}

export class UpdateUserDto extends UserProfileFields {
  @ApiPropertyOptional({ format: 'email', maxLength: 320 })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;
}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid', description: 'ScaiDNS user id' }) id: string;
  @ApiProperty({ example: 'usr_qurwd4vkz' }) scaikey_user_id: string;
  @ApiProperty({ nullable: true }) email: string | null;
  @ApiProperty({ nullable: true }) name: string | null;
  @ApiProperty({ enum: USER_STATUSES }) status: string;
  @ApiProperty() is_platform_admin: boolean;
  @ApiProperty() is_tenant_admin: boolean;
  @ApiProperty({
    enum: ['person', 'service'],
    description: 'service = a ScaiKey client using client_credentials',
  })
  principal_kind: string;
  @ApiProperty({ format: 'uuid' }) tenant_id: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) last_login_at: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class UserGroupSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() scaikey_group_id: string;
  @ApiProperty() name: string;
}

export class AdminUserDetailDto extends AdminUserDto {
  @ApiProperty({ type: [UserGroupSummaryDto] }) groups: UserGroupSummaryDto[];
}

export class AdminUserListResponseDto {
  @ApiProperty({ type: [AdminUserDto] }) data: AdminUserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}

export class InviteResponseDto {
  @ApiProperty({ type: AdminUserDto }) user: AdminUserDto;
  @ApiProperty({ description: 'What happened about the invitation' }) message: string;
}

export class AcceptedResponseDto {
  @ApiProperty({ example: 'accepted' }) status: string;
  @ApiProperty() message: string;
}
