import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { RECORD_TYPES } from 'src/records/content/record-types';
import { MAX_TTL, MIN_TTL } from 'src/records/content/record-rules';
import { TEMPLATE_TYPES, TemplateType } from 'src/templates/entities/template.entity';
import { MAX_TEMPLATE_RECORDS, MAX_TEMPLATE_VARIABLES } from 'src/templates/template-rules';
import { VARIABLE_NAME_PATTERN } from 'src/templates/template-variables';

export class TemplateRecordDto {
  @ApiProperty({
    example: 'www',
    description: '`@`, a relative or an absolute name; may use `${variable}` placeholders',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ enum: RECORD_TYPES, example: 'CNAME' })
  @IsIn(RECORD_TYPES)
  type: string;

  @ApiProperty({
    example: '${domain}.',
    description: 'Zone-file presentation format; may use `${variable}` placeholders',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  content: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: MIN_TTL,
    maximum: MAX_TTL,
    description: "Null or absent: the zone's default TTL",
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_TTL)
  @Max(MAX_TTL)
  ttl?: number | null;
}

export class TemplateVariableDto {
  @ApiProperty({
    example: 'ip',
    pattern: VARIABLE_NAME_PATTERN.source,
    description: 'Used as `${ip}` in records',
  })
  @IsString()
  @Matches(VARIABLE_NAME_PATTERN, {
    message: "name must be lowercase letters, digits and '_', starting with a letter",
  })
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 512,
    example: "The web server's IPv4 address",
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  description?: string | null;

  @ApiPropertyOptional({
    default: true,
    description: 'A required variable without a default must be given when applying',
  })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 1024,
    example: 'dmarc@${domain}',
    description: 'Used when no value is given; may use built-in variables',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  default?: string | null;
}

export class CreateTemplateDto {
  @ApiProperty({ example: 'Office web + mail', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiProperty({ type: [TemplateRecordDto], minItems: 1, maxItems: MAX_TEMPLATE_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => TemplateRecordDto)
  records: TemplateRecordDto[];

  @ApiPropertyOptional({ type: [TemplateVariableDto], maxItems: MAX_TEMPLATE_VARIABLES, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEMPLATE_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables?: TemplateVariableDto[];
}

export class UpdateTemplateDto {
  @ApiPropertyOptional({ maxLength: 128 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({
    type: [TemplateRecordDto],
    minItems: 1,
    maxItems: MAX_TEMPLATE_RECORDS,
    description: 'Replaces every record',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => TemplateRecordDto)
  records?: TemplateRecordDto[];

  @ApiPropertyOptional({
    type: [TemplateVariableDto],
    maxItems: MAX_TEMPLATE_VARIABLES,
    description: 'Replaces every variable',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEMPLATE_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariableDto)
  variables?: TemplateVariableDto[];
}

export class ListTemplatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_TYPES })
  @IsOptional()
  @IsIn(TEMPLATE_TYPES)
  template_type?: TemplateType;
}

export class TemplateVariableResponseDto {
  @ApiProperty({ example: 'ip' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: String, nullable: true }) default: string | null;
}

export class TemplateRecordResponseDto {
  @ApiProperty({ example: 'www' }) name: string;
  @ApiProperty({ example: 'CNAME' }) type: string;
  @ApiProperty({ example: '${domain}.' }) content: string;
  @ApiProperty({ type: Number, nullable: true, description: "Null: the zone's default TTL" }) ttl:
    number | null;
}

export class TemplateSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: TEMPLATE_TYPES }) template_type: TemplateType;
  @ApiProperty() record_count: number;
  @ApiProperty() variable_count: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
}

export class TemplateDto extends TemplateSummaryDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Owning tenant; null for system templates',
  })
  tenant_id: string | null;
  @ApiProperty({ type: [TemplateRecordResponseDto] }) records: TemplateRecordResponseDto[];
  @ApiProperty({ type: [TemplateVariableResponseDto] }) variables: TemplateVariableResponseDto[];
  @ApiProperty({ type: String, nullable: true }) created_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;
}

export class TemplateListDto {
  @ApiProperty({ type: [TemplateSummaryDto] }) data: TemplateSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}

export class BuiltinVariableDto {
  @ApiProperty({ example: 'domain' }) name: string;
  @ApiProperty({ example: '${domain}' }) placeholder: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'example.com' }) example: string;
}

export class BuiltinVariablesDto {
  @ApiProperty({ type: [BuiltinVariableDto] }) data: BuiltinVariableDto[];
}

export class RequiredVariablesDto {
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty() template_name: string;
  @ApiProperty({
    type: [TemplateVariableResponseDto],
    description: 'Declared required; those without a default must be given',
  })
  required_variables: TemplateVariableResponseDto[];
  @ApiProperty({
    type: [TemplateVariableResponseDto],
    description: 'Records using an optional variable left unset are skipped',
  })
  optional_variables: TemplateVariableResponseDto[];
  @ApiProperty({
    type: [String],
    example: ['domain'],
    description: 'Built-in variables the records use (filled in by ScaiDNS)',
  })
  builtin_variables: string[];
}
