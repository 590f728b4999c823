import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class TriggerSyncDto {
  @ApiPropertyOptional({ description: 'Only this tenant: ScaiKey id, slug or ScaiDNS id', example: 'acme' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  tenant?: string;

  @ApiPropertyOptional({ description: 'Report the changes without applying them', default: false })
  @IsOptional()
  @IsBoolean()
  dry_run?: boolean;
}

export class SyncJobAcceptedDto {
  @ApiProperty({ example: '42' })
  job_id: string;

  @ApiProperty({ example: 'queued' })
  status: 'queued';
}

export class SyncReportDto {
  @ApiProperty({ nullable: true, type: String, example: null, description: 'e.g. already_running' })
  skipped_reason: string | null;

  @ApiProperty({ nullable: true, type: String })
  tenant: string | null;

  @ApiProperty({ nullable: true, enum: ['effective_users', 'member_walk', 'mixed'] })
  users_method: 'effective_users' | 'member_walk' | 'mixed' | null;

  @ApiProperty() users_seen: number;
  @ApiProperty() users_added: number;
  @ApiProperty() users_updated: number;
  @ApiProperty() users_deactivated: number;
  @ApiProperty() groups_seen: number;
  @ApiProperty() groups_added: number;
  @ApiProperty() groups_updated: number;
  @ApiProperty() groups_deleted: number;
  @ApiProperty() memberships_seen: number;
  @ApiProperty() memberships_added: number;
  @ApiProperty() memberships_removed: number;
  @ApiProperty() tenants_seen: number;
  @ApiProperty() tenants_added: number;
  @ApiProperty() tenants_updated: number;
  @ApiProperty() tenants_suspended: number;
  @ApiProperty() partners_seen: number;
  @ApiProperty() partners_added: number;
  @ApiProperty() partners_updated: number;
  @ApiProperty() partners_deleted: number;
  @ApiProperty() duration_seconds: number;
  @ApiProperty() dry_run: boolean;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Dry runs only: every change',
  })
  changes?: object[];
}

export class SyncJobDto {
  @ApiProperty({ example: '42' })
  job_id: string;

  @ApiProperty({ enum: ['waiting', 'delayed', 'active', 'completed', 'failed', 'unknown'] })
  status: string;

  @ApiProperty({ enum: ['manual', 'scheduled'] })
  trigger: 'manual' | 'scheduled';

  @ApiProperty({ nullable: true, type: String })
  tenant: string | null;

  @ApiProperty()
  dry_run: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  requested_at: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  finished_at: string | null;

  @ApiProperty({ nullable: true, type: SyncReportDto })
  report: SyncReportDto | null;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;
}
