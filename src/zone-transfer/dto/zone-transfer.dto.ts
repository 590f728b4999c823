import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IMPORT_MODES, ImportMode } from 'src/zone-transfer/import-plan';

export const IMPORT_FORMATS = ['bind', 'json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export class ZoneExportDto {
  @ApiProperty({ format: 'uuid' })
  domain_id: string;

  @ApiProperty({ example: 'example.com' })
  domain_name: string;

  @ApiProperty({ enum: ['bind'], example: 'bind' })
  format: 'bind';

  @ApiProperty({ example: '$ORIGIN example.com.\n$TTL 3600\n...', description: 'A BIND zone file' })
  zone_file: string;
}

export class ImportTextDto {
  @ApiProperty({ enum: IMPORT_FORMATS, example: 'bind' })
  @IsIn(IMPORT_FORMATS)
  format: ImportFormat;

  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'merge',
    description:
      '`merge` adds new records (a conflict with a stored record refuses the whole import, 409); `replace` makes the ' +
      'zone hold exactly the imported records (needs `records:delete` too); `skip_existing` adds records only where ' +
      'the name has no records of that type yet.',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  @ApiProperty({
    example: '$ORIGIN example.com.\nwww 300 IN A 192.0.2.10\n',
    description:
      'A BIND zone file, `{"records": [...]}` JSON, or CSV with the header `name,type,content,ttl`; at most 5 MB',
  })
  @IsString()
  content: string;
}

/** The form fields that accompany an uploaded file. */
export class ImportFileFieldsDto {
  @ApiPropertyOptional({
    enum: IMPORT_FORMATS,
    description: 'Default from the file name: .zone/.txt/.db → bind, .json, .csv',
  })
  @IsOptional()
  @IsIn(IMPORT_FORMATS)
  format?: ImportFormat;

  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'merge' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;
}

export class ImportSkipDto {
  @ApiPropertyOptional({ description: 'Line of the zone file or CSV' })
  line?: number;

  @ApiPropertyOptional({ description: 'Position in the JSON list' })
  index?: number;

  @ApiPropertyOptional()
  name?: string;

  @ApiPropertyOptional()
  type?: string;

  @ApiPropertyOptional()
  content?: string;

  @ApiProperty({ example: 'SOA is managed by ScaiDNS' })
  reason: string;
}

export class ImportProblemDto {
  @ApiPropertyOptional()
  line?: number;

  @ApiPropertyOptional()
  index?: number;

  @ApiPropertyOptional()
  name?: string;

  @ApiPropertyOptional()
  type?: string;

  @ApiProperty({ example: "Invalid IPv4 address '999.1.1.1'" })
  message: string;
}

export class ImportConflictDto {
  @ApiPropertyOptional()
  line?: number;

  @ApiPropertyOptional()
  index?: number;

  @ApiProperty({ example: 'www' })
  name: string;

  @ApiProperty({ example: 'CNAME' })
  type: string;

  @ApiProperty()
  content: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: [String], description: 'Ids of the stored records in the way' })
  conflicts: string[];
}

export class ImportResultDto {
  @ApiProperty({ description: 'Records created' })
  imported_count: number;

  @ApiProperty({ description: 'Stored records equal to imported ones whose TTL or disabled flag changed' })
  updated_count: number;

  @ApiProperty({ description: 'Imported records already in the zone as they are' })
  unchanged_count: number;

  @ApiProperty({ description: 'Records deleted (mode replace)' })
  deleted_count: number;

  @ApiProperty({ description: 'Records not imported on purpose (see `skipped`)' })
  skipped_count: number;

  @ApiProperty({
    description: 'Records not imported because they conflict with stored ones (mode skip_existing)',
  })
  conflict_count: number;

  @ApiProperty({ enum: ['bind', 'json', 'csv'] })
  format: ImportFormat;

  @ApiProperty({ enum: IMPORT_MODES })
  mode: ImportMode;

  @ApiProperty({
    type: [ImportProblemDto],
    description: 'Always empty: an import with errors is refused (400)',
  })
  errors: ImportProblemDto[];

  @ApiProperty({ type: [ImportSkipDto] })
  skipped: ImportSkipDto[];

  @ApiProperty({ type: [ImportConflictDto] })
  conflicts: ImportConflictDto[];
}

export class PreviewRecordDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Stored records only' })
  id?: string;

  @ApiPropertyOptional()
  line?: number;

  @ApiPropertyOptional()
  index?: number;

  @ApiProperty({ example: 'www.example.com' })
  name: string;

  @ApiProperty({ example: 'www' })
  display_name: string;

  @ApiProperty()
  type: string;

  @ApiProperty()
  content: string;

  @ApiProperty()
  ttl: number;

  @ApiProperty()
  disabled: boolean;
}

export class PreviewUpdateDto extends PreviewRecordDto {
  @ApiProperty({ description: 'The TTL before the import' })
  old_ttl: number;

  @ApiProperty({ description: 'The disabled flag before the import' })
  old_disabled: boolean;
}

export class ImportPreviewDto {
  @ApiProperty({ enum: IMPORT_FORMATS })
  format: ImportFormat;

  @ApiProperty({ enum: IMPORT_MODES })
  mode: ImportMode;

  @ApiProperty({ type: [PreviewRecordDto] })
  to_create: PreviewRecordDto[];

  @ApiProperty({ type: [PreviewUpdateDto] })
  to_update: PreviewUpdateDto[];

  @ApiProperty({ type: [PreviewRecordDto] })
  to_delete: PreviewRecordDto[];

  @ApiProperty({ description: 'Imported records already in the zone as they are' })
  unchanged: number;

  @ApiProperty({ type: [ImportSkipDto] })
  skipped: ImportSkipDto[];

  @ApiProperty({
    type: [ImportConflictDto],
    description: 'In mode merge, the import would be refused (409) for these',
  })
  conflicts: ImportConflictDto[];

  @ApiProperty({ type: [ImportProblemDto], description: 'The import would be refused (400) for these' })
  errors: ImportProblemDto[];

  @ApiProperty({ description: 'Whether the import, sent as it is, would be accepted' })
  valid: boolean;
}
