import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { GrantType } from 'src/access-grants/entities/access-grant.entity';
import { MAX_RECORD_PATTERN_LENGTH, normaliseRecordPattern } from 'src/access-grants/record-pattern';
import { RECORD_TYPES } from 'src/records/content/record-types';

export const GRANT_TYPES: GrantType[] = ['user', 'group'];

/** A grant's record glob: letters, digits, `-`, `_`, `.` and `*` (or `@` for the apex), at most 255 characters. */
function IsRecordPattern(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecordPattern',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normaliseRecordPattern(value).ok,
        defaultMessage: (args) => {
          const result = typeof args?.value === 'string' ? normaliseRecordPattern(args.value) : null;
          return result && !result.ok ? result.error : 'record_pattern must be a string';
        },
      },
    },
    options,
  );
}

const RECORD_PATTERN_DOC = {
  nullable: true,
  maxLength: MAX_RECORD_PATTERN_LENGTH,
  example: '*.dev',
  description:
    'Glob on the record name relative to the zone; `*` (any characters, dots included) is the only wildcard and the ' +
    'whole name must match (`*.dev` covers `a.dev` and `x.y.dev`, not `dev`). `@` is the apex. null: every name.',
};

const RECORD_TYPES_DOC = {
  nullable: true,
  isArray: true,
  enum: [...RECORD_TYPES],
  example: ['A', 'AAAA'],
  description: 'Record types the grant covers (uppercase). null: every type.',
};

const EXPIRES_AT_DOC = {
  nullable: true,
  type: String,
  format: 'date-time',
  description: 'The grant stops working at this instant (must be in the future); null: never',
};

export class CreateAccessGrantDto {
  @ApiProperty({ enum: GRANT_TYPES })
  @IsIn(GRANT_TYPES)
  grant_type: GrantType;

  @ApiProperty({
    description: 'ScaiDNS id (UUID) or ScaiKey id (usr_…/grp_…) of a user or group of this tenant',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  grantee_id: string;

  @ApiPropertyOptional({
    example: 'record_editor',
    description:
      'Role name: domain_admin, domain_manager, record_editor, read_only or a custom role of the tenant. ' +
      'Give either role or role_id.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  role?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Role id; alternative to role' })
  @IsOptional()
  @IsUUID()
  role_id?: string;

  @ApiPropertyOptional(RECORD_PATTERN_DOC)
  @IsOptional()
  @IsRecordPattern()
  record_pattern?: string | null;

  @ApiPropertyOptional(RECORD_TYPES_DOC)
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECORD_TYPES.length)
  @IsIn(RECORD_TYPES, { each: true })
  record_types?: string[] | null;

  @ApiPropertyOptional(EXPIRES_AT_DOC)
  @IsOptional()
  @IsISO8601({ strict: true })
  expires_at?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  notes?: string | null;
}

/** Grantee and zone are fixed; everything else can change. null clears a filter, the expiry or the notes. */
export class UpdateAccessGrantDto extends OmitType(CreateAccessGrantDto, ['grant_type', 'grantee_id'] as const) {}

export class ListAccessGrantsQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Also list grants whose expires_at has passed' })
  @QueryBoolean()
  include_expired?: boolean;
}

export class AccessGrantResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty({ enum: GRANT_TYPES }) grant_type: GrantType;
  @ApiProperty({ format: 'uuid', description: 'ScaiDNS id of the user or group' }) grantee_id: string;
  @ApiProperty({ nullable: true, type: String, description: "The user's e-mail or the group's name" })
  grantee_name: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'record_editor',
    description: 'null if the role was deleted',
  })
  role: string | null;
  @ApiProperty({ format: 'uuid' }) role_id: string;
  @ApiProperty({ nullable: true, type: String, example: '*.dev' }) record_pattern: string | null;
  @ApiProperty({ nullable: true, type: [String], example: ['A', 'AAAA'] }) record_types: string[] | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at: Date | null;
  @ApiProperty({ description: 'expires_at has passed: the grant no longer counts' }) expired: boolean;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'ScaiDNS user (or API key) that created the grant',
  })
  created_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class AccessGrantListResponseDto {
  @ApiProperty({ type: [AccessGrantResponseDto] }) data: AccessGrantResponseDto[];
  @ApiProperty() total: number;
}
