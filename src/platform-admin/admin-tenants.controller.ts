import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { Page } from 'src/common/pagination/pagination';
import { AdminTenantsService } from 'src/platform-admin/admin-tenants.service';
import {
  CreateTenantDto,
  TenantDetailDto,
  TenantDto,
  TenantListQueryDto,
  TenantListResponseDto,
  UpdateTenantDto,
} from 'src/platform-admin/dto/admin-tenant.dto';

const TENANT_ID = { name: 'tenant_id', description: 'ScaiDNS tenant id (UUID), ScaiKey tenant id or slug' };

@ApiTags('admin')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin/tenants')
export class AdminTenantsController {
  constructor(private readonly tenants: AdminTenantsService) {}

  @Get()
  @Authenticated({ permission: 'tenants:read' })
  @ApiOperation({ summary: 'Every tenant of the platform (local cache of ScaiKey)' })
  @ApiOkResponse({ type: TenantListResponseDto })
  list(@Ctx() context: RequestContext, @Query() query: TenantListQueryDto): Promise<Page<TenantDto>> {
    return this.tenants.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'tenants:manage' })
  @ApiOperation({
    summary: 'Add a tenant to the local cache',
    description:
      'Tenants normally arrive from ScaiKey (webhooks, sync). This pre-provisions the entry of a ScaiKey tenant; it ' +
      'does not create the tenant in ScaiKey, and the next sync of that tenant overwrites name, slug and settings.',
  })
  @ApiCreatedResponse({ type: TenantDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'partner_id not found' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Slug or ScaiKey id already in use' })
  create(@Ctx() context: RequestContext, @Body() body: CreateTenantDto): Promise<TenantDetailDto> {
    return this.tenants.create(context, body);
  }

  @Get(':tenant_id')
  @Authenticated({ permission: 'tenants:read' })
  @ApiOperation({ summary: 'One tenant, with its numbers of zones, users and API keys' })
  @ApiParam(TENANT_ID)
  @ApiOkResponse({ type: TenantDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @Param('tenant_id') tenantId: string): Promise<TenantDetailDto> {
    return this.tenants.get(context, tenantId);
  }

  @Patch(':tenant_id')
  @Authenticated({ permission: 'tenants:manage' })
  @ApiOperation({ summary: "Change a tenant's name, settings or status (active | suspended)" })
  @ApiParam(TENANT_ID)
  @ApiOkResponse({ type: TenantDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Nothing to update' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @Ctx() context: RequestContext,
    @Param('tenant_id') tenantId: string,
    @Body() body: UpdateTenantDto,
  ): Promise<TenantDetailDto> {
    return this.tenants.update(context, tenantId, body);
  }

  @Post(':tenant_id/suspend')
  @HttpCode(200)
  @Authenticated({ permission: 'tenants:manage' })
  @ApiOperation({
    summary: 'Suspend a tenant',
    description:
      'Its users and API keys are refused (403) from the next request; its zones keep being served.',
  })
  @ApiParam(TENANT_ID)
  @ApiOkResponse({ type: TenantDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  suspend(@Ctx() context: RequestContext, @Param('tenant_id') tenantId: string): Promise<TenantDetailDto> {
    return this.tenants.setStatus(context, tenantId, 'suspended');
  }

  @Post(':tenant_id/activate')
  @HttpCode(200)
  @Authenticated({ permission: 'tenants:manage' })
  @ApiOperation({ summary: 'Re-activate a suspended tenant' })
  @ApiParam(TENANT_ID)
  @ApiOkResponse({ type: TenantDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  activate(@Ctx() context: RequestContext, @Param('tenant_id') tenantId: string): Promise<TenantDetailDto> {
    return this.tenants.setStatus(context, tenantId, 'active');
  }
}
