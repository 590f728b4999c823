import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import {
  BulkCreateRecordsDto,
  BulkCreateResultDto,
  BulkDeleteRecordsDto,
  BulkDeleteResultDto,
  CreateRecordDto,
  ListRecordsQueryDto,
  RecordDto,
  RecordListDto,
  SearchRecordsDto,
  UpdateRecordDto,
} from 'src/records/dto/record.dto';
import { RecordsService } from 'src/records/records.service';

@ApiTags('records')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'No such zone or record (or not visible to the caller)',
})
@Controller('api/v1/domains/:domain_id/records')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Get()
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({ summary: "List the zone's records" })
  @ApiOkResponse({ type: RecordListDto })
  list(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Query() query: ListRecordsQueryDto,
  ): Promise<RecordListDto> {
    return this.records.list(context, domainId, query);
  }

  @Post()
  @Authenticated({ permission: 'records:create' })
  @ApiOperation({
    summary: 'Create a record',
    description: 'Validated server-side; content is stored in canonical form.',
  })
  @ApiCreatedResponse({ type: RecordDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid name, type, content or TTL' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Conflicts with existing records (`detail.conflicts` lists their ids)',
  })
  create(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: CreateRecordDto,
  ): Promise<RecordDto> {
    return this.records.create(context, domainId, body);
  }

  @Post('bulk')
  @Authenticated({ permission: 'records:create' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create up to 500 records: all or nothing, or best effort with continue_on_error',
  })
  @ApiOkResponse({ type: BulkCreateResultDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Some records are invalid; nothing was created',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  bulkCreate(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: BulkCreateRecordsDto,
  ): Promise<BulkCreateResultDto> {
    return this.records.bulkCreate(context, domainId, body);
  }

  @Post('bulk-delete')
  @Authenticated({ permission: 'records:delete' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete several records by id, all or nothing' })
  @ApiOkResponse({ type: BulkDeleteResultDto })
  bulkDelete(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: BulkDeleteRecordsDto,
  ): Promise<BulkDeleteResultDto> {
    return this.records.bulkDelete(context, domainId, body.record_ids);
  }

  @Post('search')
  @Authenticated({ permission: 'records:read' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Find records whose name or content contains the query' })
  @ApiOkResponse({ type: RecordListDto })
  search(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: SearchRecordsDto,
  ): Promise<RecordListDto> {
    return this.records.search(context, domainId, body.query);
  }

  @Get(':record_id')
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({ summary: 'One record' })
  @ApiOkResponse({ type: RecordDto })
  get(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('record_id') recordId: string,
  ): Promise<RecordDto> {
    return this.records.get(context, domainId, recordId);
  }

  @Patch(':record_id')
  @Authenticated({ permission: 'records:update' })
  @ApiOperation({ summary: 'Change content, TTL or disabled' })
  @ApiOkResponse({ type: RecordDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  update(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('record_id') recordId: string,
    @Body() body: UpdateRecordDto,
  ): Promise<RecordDto> {
    return this.records.update(context, domainId, recordId, body);
  }

  @Delete(':record_id')
  @Authenticated({ permission: 'records:delete' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a record (immediate, not recoverable)' })
  @ApiNoContentResponse()
  async remove(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('record_id') recordId: string,
  ): Promise<void> {
    await this.records.remove(context, domainId, recordId);
  }
}
