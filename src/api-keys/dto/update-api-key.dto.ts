import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsIpWhitelist, IsScopeList } from 'src/api-keys/dto/api-key.validators';
import { MAX_RATE_LIMIT } from 'src/api-keys/dto/create-api-key.dto';
import { MAX_IP_WHITELIST_ENTRIES } from 'src/api-keys/ip-whitelist';

/** Every field is optional; an absent field is left as it is, an explicit null clears it (except name). */
export class UpdateApiKeyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255 })
  @ValidateIf((body: UpdateApiKeyDto) => body.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1024, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Same rules as on create' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsScopeList()
  scopes?: string[] | null;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RATE_LIMIT, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_LIMIT)
  rate_limit?: number | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IP_WHITELIST_ENTRIES)
  @IsIpWhitelist()
  ip_whitelist?: string[] | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string | null;
}
