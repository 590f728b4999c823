import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DNSSEC_STATUSES, DnssecStatus } from 'src/domains/entities/domain.entity';
import { KEY_STATES, KEY_TYPES, KeyState, KeyType } from 'src/dnssec/dnssec-state-machine';

export const SUPPORTED_ALGORITHMS = [8, 10, 13, 14, 15] as const;

export class EnableDnssecDto {
  @ApiPropertyOptional({
    enum: SUPPORTED_ALGORITHMS,
    default: 13,
    description: '8 RSA/SHA-256, 10 RSA/SHA-512, 13 ECDSA P-256 (default), 14 ECDSA P-384, 15 Ed25519',
  })
  @IsOptional()
  @IsInt()
  algorithm?: number;
}

export class DisableDnssecDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Disable even though the parent zone still publishes a DS record for the zone (or cannot be asked). ' +
      'Validating resolvers then answer SERVFAIL for the zone until the DS is gone.',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class ConfirmDsPublishedDto {
  @ApiPropertyOptional({
    description: 'The KSK whose DS was published; by default the KSK awaiting confirmation',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  key_tag?: number;
}

export class DnssecKeyDto {
  @ApiProperty({ example: 12345 }) key_tag: number;
  @ApiProperty({ example: 13 }) algorithm: number;
  @ApiProperty({ description: 'DNSKEY public key, base64' }) public_key: string;
  @ApiProperty({ enum: KEY_TYPES }) key_type: KeyType;
  @ApiProperty({ example: '2026-04-23T10:00:00Z' }) created_at: string;
  @ApiProperty({ example: '2027-04-23T10:00:00Z' }) expires_at: string;
  @ApiProperty({
    description: 'The key signs (a pre-published or retired ZSK is published but does not sign)',
  })
  active: boolean;
  @ApiProperty({ enum: KEY_STATES, description: 'Where the key is in its lifecycle' }) state: KeyState;
  @ApiProperty({ nullable: true, description: 'When the key started (or will start) signing' }) activate_at:
    string | null;
  @ApiProperty({ nullable: true, description: 'When a retiring key leaves the DNSKEY set' }) remove_at:
    string | null;
}

export class DsRecordDto {
  @ApiProperty({ example: 12345 }) key_tag: number;
  @ApiProperty({ example: 13 }) algorithm: number;
  @ApiProperty({ example: 2, description: '2 = SHA-256, 4 = SHA-384' }) digest_type: number;
  @ApiProperty({ example: 'A1B2C3…', description: 'Uppercase hex' }) digest: string;
}

export class DnssecStateDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: DNSSEC_STATUSES }) status: DnssecStatus;
  @ApiProperty({ nullable: true, example: 13 }) algorithm: number | null;
  @ApiProperty({ type: [DnssecKeyDto] }) ksk: DnssecKeyDto[];
  @ApiProperty({ type: [DnssecKeyDto] }) zsk: DnssecKeyDto[];
  @ApiProperty({
    type: [DsRecordDto],
    description: 'DS records to publish at the registrar (KSKs in service)',
  })
  ds_records: DsRecordDto[];
}

export class DnssecEnableResultDto {
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty({ example: 'enable' }) action: 'enable';
  @ApiProperty({ example: 'DNSSEC enabled' }) message: string;
  @ApiProperty({ enum: DNSSEC_STATUSES }) status: DnssecStatus;
  @ApiProperty({ type: DnssecKeyDto }) ksk: DnssecKeyDto;
  @ApiProperty({ type: DnssecKeyDto }) zsk: DnssecKeyDto;
  @ApiProperty({ type: [DsRecordDto] }) ds_records: DsRecordDto[];
}

export class DnssecActionResultDto {
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty({ example: 'disable' }) action: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: DNSSEC_STATUSES }) status: DnssecStatus;
}

export class DnssecRotateZskResultDto extends DnssecActionResultDto {
  @ApiProperty({
    type: DnssecKeyDto,
    description: 'The new ZSK, published now, signing from its activate_at',
  })
  zsk: DnssecKeyDto;
  @ApiProperty({
    type: [DnssecKeyDto],
    description: 'The ZSKs it replaces; they retire when the new one activates',
  })
  retiring_zsk: DnssecKeyDto[];
}

export class DnssecRotateKskResultDto extends DnssecActionResultDto {
  @ApiProperty({
    type: DnssecKeyDto,
    description: 'The new KSK (already signing the DNSKEY set next to the old one)',
  })
  ksk: DnssecKeyDto;
  @ApiProperty({
    type: [DsRecordDto],
    description: 'The DS records of the new KSK to publish at the registrar',
  })
  ds_records: DsRecordDto[];
}

export class DnssecConfirmResultDto extends DnssecActionResultDto {
  @ApiProperty({ example: 12345 }) key_tag: number;
  @ApiProperty({ type: [DsRecordDto], description: "The parent's DS records that match the key" })
  matched_ds: DsRecordDto[];
}
