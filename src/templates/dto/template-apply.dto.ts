import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { RecordDto } from 'src/records/dto/record.dto';
import { IsVariableValues } from 'src/templates/dto/template-variables.validator';
import { SKIP_REASONS, SkipReason } from 'src/templates/template-plan';

const VARIABLES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { ip: '192.0.2.10' },
  description: "Values of the template's variables; absent optional variables skip the records that use them",
} as const;

/** Body of `POST /templates/{template_id}/apply/{domain_id}` and of the preview. */
export class ApplyTemplateDto {
  @ApiPropertyOptional(VARIABLES_SCHEMA)
  @IsOptional()
  @IsVariableValues()
  variables?: Record<string, string>;
}

/** The "apply" shape of the overloaded `POST /templates/`. */
export class ApplyTemplateBodyDto extends ApplyTemplateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  template_id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  domain_id: string;
}

export class SkippedRecordDto {
  @ApiProperty({ description: 'Position of the record in the template (0-based)' }) index: number;
  @ApiProperty({
    example: 'www',
    description: 'Relative name (`@` for the apex); the template text when a variable was unset',
  })
  name: string;
  @ApiProperty({ example: 'CNAME' }) type: string;
  @ApiProperty() content: string;
  @ApiProperty({ type: Number, nullable: true }) ttl: number | null;
  @ApiProperty({ enum: SKIP_REASONS }) reason: SkipReason;
  @ApiProperty({ example: 'www.example.com. has a CNAME record, which cannot coexist with any other record' })
  message: string;
  @ApiProperty({ type: [String], description: 'Ids of the existing records in the way' }) conflicts: string[];
}

export class ApplyTemplateResultDto {
  @ApiProperty({ type: [RecordDto] }) created_records: RecordDto[];
  @ApiProperty({ type: [SkippedRecordDto] }) skipped_records: SkippedRecordDto[];
  @ApiProperty() total_created: number;
  @ApiProperty() total_skipped: number;
}

export class PreviewRecordDto {
  @ApiProperty({ description: 'Position of the record in the template (0-based)' }) index: number;
  @ApiProperty({ example: 'www.example.com' }) name: string;
  @ApiProperty({ example: 'www' }) display_name: string;
  @ApiProperty({ example: 'CNAME' }) type: string;
  @ApiProperty({ example: 'example.com.' }) content: string;
  @ApiProperty() ttl: number;
}

export class TemplatePreviewDto {
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty() domain_name: string;
  @ApiProperty({ type: [PreviewRecordDto], description: 'What applying now would create' })
  records_to_create: PreviewRecordDto[];
  @ApiProperty({ type: [SkippedRecordDto] }) skipped_records: SkippedRecordDto[];
  @ApiProperty() total_to_create: number;
  @ApiProperty() total_skipped: number;
}
