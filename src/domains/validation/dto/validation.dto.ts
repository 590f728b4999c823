import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  VALIDATION_STATUSES,
  VALIDATION_TYPES,
  ValidationType,
} from 'src/domains/validation/entities/domain-validation.entity';

export class StartValidationDto {
  @ApiPropertyOptional({ enum: VALIDATION_TYPES, default: 'txt_record' })
  @IsOptional()
  @IsIn(VALIDATION_TYPES)
  validation_type?: ValidationType;
}

export class ValidationDnsRecordDto {
  @ApiProperty({ example: '_scaidns-verify.example.com' }) name: string;
  @ApiProperty({ example: 'TXT' }) type: string;
  @ApiProperty({ example: 'scaidns-verify=3f0c…' }) value: string;
}

export class ValidationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: VALIDATION_TYPES }) validation_type: string;
  @ApiProperty({ enum: VALIDATION_STATUSES }) status: string;
  @ApiProperty() challenge_value: string;
  @ApiProperty({ type: ValidationDnsRecordDto, description: 'What to publish (TXT) or how to delegate (NS)' })
  dns_record: ValidationDnsRecordDto;
  @ApiProperty({ type: [String], description: 'For nameserver validation: the delegation expected' })
  nameservers: string[];
  @ApiProperty({ nullable: true }) last_message: string | null;
  @ApiProperty({ nullable: true }) last_checked_at: string | null;
  @ApiProperty() expires_at: string;
  @ApiProperty() created_at: string;
}

export class ValidationCheckResultDto {
  @ApiProperty() is_valid: boolean;
  @ApiProperty({ example: 'Domain validated' }) message: string;
  @ApiPropertyOptional({ format: 'uuid' }) validation_id?: string;
}
