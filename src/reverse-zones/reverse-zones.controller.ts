import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import {
  BulkCreatePtrRecordsDto,
  BulkPtrResultDto,
  CreatePtrRecordDto,
  ListPtrRecordsQueryDto,
  PtrLookupDto,
  PtrRecordDto,
  PtrRecordListDto,
} from 'src/reverse-zones/dto/ptr-record.dto';
import {
  CreateReverseZoneDto,
  ListReverseZonesQueryDto,
  ReverseZoneDetailDto,
  ReverseZoneListDto,
  ReverseZonePreviewDto,
  ReverseZonePreviewRequestDto,
} from 'src/reverse-zones/dto/reverse-zone.dto';
import { PtrRecordsService } from 'src/reverse-zones/ptr-records.service';
import { ReverseZonesService } from 'src/reverse-zones/reverse-zones.service';

@ApiTags('reverse-zones')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/reverse-zones')
export class ReverseZonesController {
  constructor(
    private readonly reverseZones: ReverseZonesService,
    private readonly ptrRecords: PtrRecordsService,
  ) {}

  @Get()
  @Authenticated({ permission: 'domains:read' })
  @ApiOperation({ summary: 'List the reverse zones of the tenant (same shape as the domain list)' })
  @ApiOkResponse({ type: ReverseZoneListDto })
  list(
    @Ctx() context: RequestContext,
    @Query() query: ListReverseZonesQueryDto,
  ): Promise<ReverseZoneListDto> {
    return this.reverseZones.list(context, query);
  }

  @Post('preview')
  @Authenticated({ permission: 'domains:create' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'The zone(s) a CIDR maps to, without creating anything',
    description:
      'IPv4 /8, /16, /24: one zone; /25-/32: one RFC 2317 zone `<first octet>-<prefix>.<c>.<b>.<a>.in-addr.arpa`; ' +
      'other IPv4 prefixes from /9: the /16 or /24 zones covering the CIDR (`split`, listed in `zones`). IPv6: ' +
      '/4 to /124 in steps of 4.',
  })
  @ApiOkResponse({ type: ReverseZonePreviewDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed or unsupported CIDR' })
  preview(@Body() body: ReverseZonePreviewRequestDto): ReverseZonePreviewDto {
    return this.reverseZones.preview(body);
  }

  @Post()
  @Authenticated({ permission: 'domains:create' })
  @ApiOperation({
    summary: 'Create the reverse zone(s) for a CIDR',
    description:
      'Pending validation unless the caller holds `validation:bypass`. An RFC 2317 zone is delegated from its /24 ' +
      'parent (CNAME per address + NS) when the tenant runs that parent; a new /24 delegates the classless zones ' +
      'the tenant already has inside it.',
  })
  @ApiCreatedResponse({ type: ReverseZoneDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed or unsupported CIDR' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'The zone exists, another tenant manages it (or a parent/child), or the parent has records in the way',
  })
  create(@Ctx() context: RequestContext, @Body() body: CreateReverseZoneDto): Promise<ReverseZoneDetailDto> {
    return this.reverseZones.create(context, body);
  }

  @Get('lookup/:ip')
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({ summary: "The PTR of an address, across the tenant's reverse zones" })
  @ApiOkResponse({ type: PtrLookupDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an IP address' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No PTR record for the address' })
  lookup(@Ctx() context: RequestContext, @Param('ip') ip: string): Promise<PtrLookupDto> {
    return this.ptrRecords.lookup(context, ip);
  }

  @Get(':domain_id/ptr')
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({ summary: 'The PTR records of a reverse zone, by address' })
  @ApiOkResponse({ type: PtrRecordListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listPtr(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Query() query: ListPtrRecordsQueryDto,
  ): Promise<PtrRecordListDto> {
    return this.ptrRecords.list(context, domainId, query);
  }

  @Post(':domain_id/ptr')
  @Authenticated({ permission: 'records:create' })
  @ApiOperation({ summary: 'Create a PTR record for an address of the zone' })
  @ApiCreatedResponse({ type: PtrRecordDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Invalid address (or outside the zone), hostname or TTL',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The same PTR exists, or a CNAME is at that name',
  })
  createPtr(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: CreatePtrRecordDto,
  ): Promise<PtrRecordDto> {
    return this.ptrRecords.create(context, domainId, body);
  }

  @Post(':domain_id/ptr/bulk')
  @Authenticated({ permission: 'records:create' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Create several PTR records atomically (all or nothing)' })
  @ApiOkResponse({ type: BulkPtrResultDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: '`detail.errors` lists every bad entry by index; nothing was created',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  bulkCreatePtr(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: BulkCreatePtrRecordsDto,
  ): Promise<BulkPtrResultDto> {
    return this.ptrRecords.bulkCreate(context, domainId, body);
  }

  @Delete(':domain_id/ptr/:ip')
  @Authenticated({ permission: 'records:delete' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the PTR record(s) of an address (URL-encode IPv6 addresses)' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an address of the zone' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such zone, or no PTR for the address' })
  async deletePtr(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Param('ip') ip: string,
  ): Promise<void> {
    await this.ptrRecords.remove(context, domainId, ip);
  }
}
