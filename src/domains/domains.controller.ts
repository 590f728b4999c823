import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
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
import { DomainsService } from 'src/domains/domains.service';
import {
  CreateDomainDto,
  DeleteDomainQueryDto,
  DomainDetailDto,
  DomainListDto,
  GetDomainQueryDto,
  ListDomainsQueryDto,
  RecordTypesDto,
  UpdateDomainDto,
} from 'src/domains/dto/domain.dto';

@ApiTags('domains')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/domains')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @Authenticated({ permission: 'domains:read' })
  @ApiOperation({ summary: 'List the zones of the tenant (those the caller can see)' })
  @ApiOkResponse({ type: DomainListDto })
  list(@Ctx() context: RequestContext, @Query() query: ListDomainsQueryDto): Promise<DomainListDto> {
    return this.domains.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'domains:create' })
  @ApiOperation({
    summary: 'Create a zone',
    description:
      'The zone starts in `pending_validation` with a TXT challenge; it goes live (and is created in PowerDNS) once ' +
      'ownership is proven. Callers holding `validation:bypass` create zones that are active at once.',
  })
  @ApiCreatedResponse({ type: DomainDetailDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The tenant already has this zone, or another tenant manages it or a parent/child of it',
  })
  create(@Ctx() context: RequestContext, @Body() body: CreateDomainDto): Promise<DomainDetailDto> {
    return this.domains.create(context, body);
  }

  @Get('types')
  @Authenticated({ permission: null })
  @ApiOperation({ summary: 'Supported record types, with descriptions and example content' })
  @ApiOkResponse({ type: RecordTypesDto })
  types(): RecordTypesDto {
    return this.domains.types();
  }

  @Get(':domain_id')
  @Authenticated({ permission: 'domains:read' })
  @ApiOperation({ summary: 'One zone' })
  @ApiOkResponse({ type: DomainDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') id: string,
    @Query() query: GetDomainQueryDto,
  ): Promise<DomainDetailDto> {
    return this.domains.get(context, id, query.include_deleted);
  }

  @Patch(':domain_id')
  @Authenticated({ permission: 'domains:update' })
  @ApiOperation({ summary: 'Change description, default TTL or settings' })
  @ApiOkResponse({ type: DomainDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') id: string,
    @Body() body: UpdateDomainDto,
  ): Promise<DomainDetailDto> {
    return this.domains.update(context, id, body);
  }

  @Delete(':domain_id')
  @Authenticated({ permission: 'domains:delete' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a zone',
    description:
      'Soft delete by default: the zone stops being served and can be restored. `?hard=true` removes it for good.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') id: string,
    @Query() query: DeleteDomainQueryDto,
  ): Promise<void> {
    await (query.hard ? this.domains.hardDelete(context, id) : this.domains.softDelete(context, id));
  }

  @Post(':domain_id/restore')
  @Authenticated({ permission: 'domains:delete' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a soft-deleted zone to its previous status' })
  @ApiOkResponse({ type: DomainDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  restore(@Ctx() context: RequestContext, @UuidParam('domain_id') id: string): Promise<DomainDetailDto> {
    return this.domains.restore(context, id);
  }

  @Post(':domain_id/deactivate')
  @Authenticated({ permission: 'domains:update' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop serving an active zone without deleting it (status `inactive`)' })
  @ApiOkResponse({ type: DomainDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  deactivate(@Ctx() context: RequestContext, @UuidParam('domain_id') id: string): Promise<DomainDetailDto> {
    return this.domains.setActive(context, id, false);
  }

  @Post(':domain_id/activate')
  @Authenticated({ permission: 'domains:update' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Serve an inactive zone again' })
  @ApiOkResponse({ type: DomainDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  activate(@Ctx() context: RequestContext, @UuidParam('domain_id') id: string): Promise<DomainDetailDto> {
    return this.domains.setActive(context, id, true);
  }
}
