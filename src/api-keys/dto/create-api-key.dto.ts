import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsIpWhitelist, IsScopeList } from 'src/api-keys/dto/api-key.validators';
import { MAX_IP_WHITELIST_ENTRIES } from 'src/api-keys/ip-whitelist';

export const MAX_RATE_LIMIT = 100_000;

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'CI deploy' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ maxLength: 1024, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiProperty({ enum: ['user', 'group'], description: 'Whose permissions the key carries' })
  @IsIn(['user', 'group'])
  permission_source: 'user' | 'group';

  @ApiPropertyOptional({
    description:
      'ScaiDNS id (or ScaiKey id) of the user or group in this tenant. Omitted with `permission_source: user` ' +
      'means the caller. Required for groups.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  permission_source_id?: string;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['domains:read', 'records:write'],
    description:
      'Narrows the key to these permissions (must all be held by the source). `records:write` stands for ' +
      'records:create/update/delete and `<area>:*` for every permission of the area. Omitted or null: ' +
      'everything the source holds.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsScopeList()
  scopes?: string[] | null;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RATE_LIMIT,
    nullable: true,
    description: 'Requests per minute; null means the platform default',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  rate_limit?: number | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['203.0.113.0/24', '2001:db8::/32'],
    description: 'Addresses or CIDRs the key may be used from; empty or null means anywhere',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IP_WHITELIST_ENTRIES)
  @IsIpWhitelist()
  ip_whitelist?: string[] | null;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'Must be in the future; null: never',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string | null;
}
