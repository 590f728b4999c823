import { ApiProperty } from '@nestjs/swagger';

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({ example: 'sdk_live_AbC12xYz', description: 'Non-secret start of the key, to recognise it' })
  key_prefix: string;
  @ApiProperty({
    enum: ['active', 'revoked', 'expired'],
    description: '`expired` is derived from expires_at',
  })
  status: 'active' | 'revoked' | 'expired';
  @ApiProperty({ enum: ['user', 'group'] }) permission_source: 'user' | 'group';
  @ApiProperty({ format: 'uuid' }) permission_source_id: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Concrete permissions; null: all of the source',
  })
  scopes: string[] | null;
  @ApiProperty({ nullable: true, description: 'Requests per minute; null: platform default' })
  rate_limit: number | null;
  @ApiProperty({ type: [String], nullable: true }) ip_whitelist: string[] | null;
  @ApiProperty({ format: 'date-time', nullable: true }) expires_at: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true }) last_used_at: Date | null;
  @ApiProperty({ nullable: true }) last_used_ip: string | null;
  @ApiProperty() use_count: number;
  @ApiProperty({ format: 'date-time' }) created_at: Date;
  @ApiProperty({ format: 'date-time' }) updated_at: Date;
}

/** Returned by create and regenerate only: the secret is shown this once and never stored in clear. */
export class ApiKeyWithSecretResponseDto extends ApiKeyResponseDto {
  @ApiProperty({
    example: 'sdk_live_AbC12xYz…',
    description: 'The secret; store it now, it cannot be shown again',
  })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) data: ApiKeyResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
  @ApiProperty() total_pages: number;
}
