import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ConfigEntryDto {
  @ApiProperty({ example: 'validation.challenge_ttl' }) key: string;
  @ApiProperty({ example: '3600', description: 'The value in effect: the stored one, else the default' })
  value: string;
  @ApiProperty({ example: 'Seconds a new domain validation challenge stays valid' }) description: string;
  @ApiProperty({
    enum: ['stored', 'default'],
    description: '`default`: nothing stored yet, the environment value applies',
  })
  source: 'stored' | 'default';
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updated_at: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'ScaiDNS user (or API key) id of the last editor',
  })
  updated_by: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'The route that changes this key when PATCH /admin/config/{key} does not (null: PATCH it)',
  })
  edited_through: string | null;
}

export class ConfigListDto {
  @ApiProperty({ type: [ConfigEntryDto] }) configs: ConfigEntryDto[];
}

export class UpdateConfigDto {
  @ApiProperty({
    example: '7200',
    description: 'The new value, as a string; checked against the rules of the key',
  })
  @IsString()
  @MaxLength(65_535)
  value: string;
}
