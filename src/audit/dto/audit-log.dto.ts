import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ActorType } from 'src/audit/entities/audit-log.entity';
import { PageQueryDto } from 'src/common/pagination/pagination';

export const ACTOR_TYPES: ActorType[] = ['user', 'api_key', 'system', 'webhook'];

export class ListAuditLogsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Platform admins only: the tenant to read (ScaiDNS id, ScaiKey id or slug). Without it a platform admin reads ' +
      'every tenant (or the X-Tenant-ID tenant when that header is sent). Others always read their own tenant; ' +
      'naming another one is a 403.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  tenant_id?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES })
  @IsOptional()
  @IsIn(ACTOR_TYPES)
  actor_type?: ActorType;

  @ApiPropertyOptional({ description: 'User id, API key id, ScaiKey event id or service name (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor_id?: string;

  @ApiPropertyOptional({ example: 'record.create', description: 'Exact action, `<resource_type>.<verb>`' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: 'record' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  resource_type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  resource_id?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-04-01T00:00:00Z',
    description: 'Entries at or after this instant (ISO-8601; a date alone means its start, UTC)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-04-30T23:59:59Z',
    description:
      'Entries at or before this instant (ISO-8601; a date alone means the whole of that day, UTC)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;
}

export class AuditLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'null for platform-level actions',
  })
  tenant_id: string | null;
  @ApiProperty({ enum: ACTOR_TYPES }) actor_type: ActorType;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'User id (user), API key id (api_key), ScaiKey event id (webhook), service name (system)',
  })
  actor_id: string | null;
  @ApiProperty({ nullable: true, type: String }) actor_email: string | null;
  @ApiProperty({
    nullable: true,
    enum: ['user', 'group'],
    description: 'For api_key actors: whether the key carries a user or a group’s permissions',
  })
  actor_owner_type: 'user' | 'group' | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'For api_key actors: the owning user or group id',
  })
  actor_owner_id: string | null;
  @ApiProperty({ example: 'record.create' }) action: string;
  @ApiProperty({ example: 'record' }) resource_type: string;
  @ApiProperty({ nullable: true, type: String }) resource_id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'www.example.com. A' }) resource_name: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'What changed: usually `before` and `after`, plus action-specific fields',
  })
  details: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) ip_address: string | null;
  @ApiProperty({ nullable: true, type: String }) user_agent: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'X-Request-ID of the request that made the change',
  })
  request_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) timestamp: Date;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogDto] }) data: AuditLogDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
