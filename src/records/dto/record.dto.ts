import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RECORD_TYPES } from 'src/records/content/record-types';

export const MAX_BULK_RECORDS = 500;
export const RECORDS_DEFAULT_PAGE_SIZE = 1000;
export const RECORDS_MAX_PAGE_SIZE = 5000;

/**
 * `true`/`false` in a query string. Reads the raw value (`obj[key]`): query DTOs use implicit conversion, which has
 * already turned every non-empty string, 'false' included, into `true` by the time `value` gets here.
 */
/** For PATCH: the field may be left out, but not sent as null (FastAPI: "none is not an allowed value"). */
const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

export class ListRecordsQueryDto {
  @ApiPropertyOptional({ enum: RECORD_TYPES })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsIn(RECORD_TYPES, { message: `type must be one of ${RECORD_TYPES.join(', ')}` })
  type?: string;

  @ApiPropertyOptional({ description: 'Substring of the record name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ description: 'Include the SOA and apex NS records ScaiDNS manages', default: false })
  @QueryBoolean()
  include_system?: boolean;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: RECORDS_MAX_PAGE_SIZE, default: RECORDS_DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECORDS_MAX_PAGE_SIZE)
  page_size?: number;
}

export class CreateRecordDto {
  @ApiProperty({
    example: 'www',
    description: '`@` for the apex, a relative name, or an absolute one (with or without the trailing dot)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: RECORD_TYPES, example: 'A' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10)
  type: string;

  @ApiProperty({
    example: '192.0.2.10',
    description: 'Zone-file presentation format; host names are fully qualified',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(65535)
  content: string;

  @ApiPropertyOptional({ description: "Defaults to the zone's default TTL" })
  @IsOptional()
  @IsInt()
  ttl?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UpdateRecordDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(65535)
  content?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  ttl?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  disabled?: boolean;
}

export class BulkCreateRecordsDto {
  @ApiProperty({ type: [CreateRecordDto], maxItems: MAX_BULK_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => CreateRecordDto)
  records: CreateRecordDto[];

  @ApiPropertyOptional({
    default: false,
    description: 'Create the valid records and report the others, instead of all-or-nothing',
  })
  @IsOptional()
  @IsBoolean()
  continue_on_error?: boolean;
}

export class BulkDeleteRecordsDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_BULK_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_RECORDS)
  @IsUUID('all', { each: true })
  record_ids: string[];
}

export class SearchRecordsDto {
  @ApiProperty({ description: 'Matched against record names and content' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  query: string;
}

export class RecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'www.example.com' }) name: string;
  @ApiProperty({ example: 'www' }) display_name: string;
  @ApiProperty({ example: 'A' }) type: string;
  @ApiProperty({ example: '192.0.2.10' }) content: string;
  @ApiProperty() ttl: number;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty({ description: 'True for the SOA and NS records ScaiDNS manages' }) system: boolean;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;
}

export class RecordListDto {
  @ApiProperty({ type: [RecordDto] }) data: RecordDto[];
  @ApiProperty() total: number;
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty() domain_name: string;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
}

export class BulkErrorDto {
  @ApiProperty() index: number;
  @ApiProperty({ nullable: true }) name: string | null;
  @ApiProperty({ nullable: true }) type: string | null;
  @ApiProperty() error: string;
  @ApiPropertyOptional({ type: [String] }) conflicts?: string[];
}

export class BulkCreateResultDto {
  @ApiProperty({ type: [RecordDto] }) created: RecordDto[];
  @ApiProperty({ type: [BulkErrorDto] }) errors: BulkErrorDto[];
  @ApiProperty() total_created: number;
  @ApiProperty() total_errors: number;
}

export class BulkDeleteResultDto {
  @ApiProperty({ type: [String] }) deleted: string[];
  @ApiProperty() total_deleted: number;
}
