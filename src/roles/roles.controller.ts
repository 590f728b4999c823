import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
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
import {
  CreateRoleDto,
  RoleListQueryDto,
  RoleListResponseDto,
  RoleResponseDto,
  UpdateRoleDto,
} from 'src/roles/dto/role.dto';
import { RolesService } from 'src/roles/roles.service';

@ApiTags('roles')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authenticated({ permission: 'roles:read' })
  @ApiOperation({ summary: "The seven system roles and the tenant's custom roles, with their permissions" })
  @ApiOkResponse({ type: RoleListResponseDto })
  list(@Ctx() context: RequestContext, @Query() query: RoleListQueryDto): Promise<RoleListResponseDto> {
    return this.roles.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'roles:manage' })
  @ApiOperation({ summary: 'Create a custom role (only with permissions you hold yourself)' })
  @ApiCreatedResponse({ type: RoleResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Platform permissions in a tenant role' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Name taken (in the tenant, or by a system role)',
  })
  create(@Ctx() context: RequestContext, @Body() body: CreateRoleDto): Promise<RoleResponseDto> {
    return this.roles.create(context, body);
  }

  @Get(':role_id')
  @Authenticated({ permission: 'roles:read' })
  @ApiOperation({ summary: 'One role' })
  @ApiParam({ name: 'role_id', format: 'uuid' })
  @ApiOkResponse({ type: RoleResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @Param('role_id') roleId: string): Promise<RoleResponseDto> {
    return this.roles.get(context, roleId);
  }

  @Patch(':role_id')
  @Authenticated({ permission: 'roles:manage' })
  @ApiOperation({ summary: 'Change a custom role (system roles are read-only: 403)' })
  @ApiParam({ name: 'role_id', format: 'uuid' })
  @ApiOkResponse({ type: RoleResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  update(
    @Ctx() context: RequestContext,
    @Param('role_id') roleId: string,
    @Body() body: UpdateRoleDto,
  ): Promise<RoleResponseDto> {
    return this.roles.update(context, roleId, body);
  }

  @Delete(':role_id')
  @Authenticated({ permission: 'roles:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom role and every assignment of it (system roles: 403)' })
  @ApiParam({ name: 'role_id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  remove(@Ctx() context: RequestContext, @Param('role_id') roleId: string): Promise<void> {
    return this.roles.remove(context, roleId);
  }
}
