import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';
import { MAX_BULK_RECORDS } from 'src/records/dto/record.dto';

export class ListPtrRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Substring of the IP address or of the hostname; a full address in any notation matches it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class CreatePtrRecordDto {
  @ApiProperty({ example: '192.0.2.10', description: "An address inside the zone's CIDR" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  ip: string;

  @ApiProperty({
    example: 'host-10.example.com.',
    description: 'FQDN; a name without the trailing dot is taken as fully qualified',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  hostname: string;

  @ApiPropertyOptional({ description: "Defaults to the zone's default TTL" })
  @IsOptional()
  @IsInt()
  ttl?: number;
}

export class BulkCreatePtrRecordsDto {
  @ApiProperty({ type: [CreatePtrRecordDto], maxItems: MAX_BULK_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => CreatePtrRecordDto)
  records: CreatePtrRecordDto[];
}

export class PtrRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '192.0.2.10' }) ip: string;
  @ApiProperty({ example: 'host-10.example.com.' }) hostname: string;
  @ApiProperty({ example: 3600 }) ttl: number;
}

export class PtrRecordListDto {
  @ApiProperty({ type: [PtrRecordDto] }) data: PtrRecordDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
}

export class BulkPtrResultDto {
  @ApiProperty({ type: [PtrRecordDto] }) created: PtrRecordDto[];
  @ApiProperty() total_created: number;
}

export class PtrLookupDto extends PtrRecordDto {
  @ApiProperty({ format: 'uuid' }) domain_id: string;
  @ApiProperty({ example: '2.0.192.in-addr.arpa' }) domain_name: string;
  @ApiProperty({ example: '10.2.0.192.in-addr.arpa', description: 'Where the PTR record lives' })
  ptr_name: string;
}
