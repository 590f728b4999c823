import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What the receiver answers ScaiKey (200 in every case but a bad signature or a missing secret). */
export class WebhookAnswerDto {
  @ApiProperty({
    description: 'False when a verified event could not be processed (ScaiKey must not retry it)',
  })
  success: boolean;

  @ApiProperty({ example: 'Event user.updated processed successfully' })
  message: string;

  @ApiProperty({ nullable: true, type: String, example: 'evt_3kP9xQ2mZ7aB' })
  event_id: string | null;

  @ApiPropertyOptional({
    description: 'True when this event id had been received before; the first outcome is repeated',
  })
  duplicate?: boolean;
}
