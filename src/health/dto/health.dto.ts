import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ example: 'ok' })
  database: string;

  @ApiProperty({ example: 'ok' })
  redis: string;

  @ApiProperty({ example: 'connection refused' })
  pdns: string;

  @ApiProperty({ example: 'ok' })
  scaikey_jwks: string;

  @ApiPropertyOptional({
    example: 'not configured',
    description:
      'Present when SCAIKEY_WEBHOOK_SECRET is unset: the webhook receiver refuses events (not a failure)',
  })
  scaikey_webhooks?: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
