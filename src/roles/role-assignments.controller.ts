import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
  CreateRoleAssignmentDto,
  RoleAssignmentListQueryDto,
  RoleAssignmentListResponseDto,
  RoleAssignmentResponseDto,
} from 'src/roles/dto/role-assignment.dto';
import { RoleAssignmentsService } from 'src/roles/role-assignments.service';

@ApiTags('roles')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/role-assignments')
export class RoleAssignmentsController {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @Get()
  @Authenticated({ permission: 'roles:read' })
  @ApiOperation({
    summary:
      "The tenant's role assignments (platform admins also see platform-scoped ones); expired ones on request",
  })
  @ApiOkResponse({ type: RoleAssignmentListResponseDto })
  list(
    @Ctx() context: RequestContext,
    @Query() query: RoleAssignmentListQueryDto,
  ): Promise<RoleAssignmentListResponseDto> {
    return this.assignments.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'roles:manage' })
  @ApiOperation({
    summary: 'Give a role to a user or group of the tenant at platform, tenant or domain scope',
  })
  @ApiCreatedResponse({ type: RoleAssignmentResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Scope not valid for this role, expires_at in the past',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'Role, user, group or domain not found in this tenant',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Role already assigned' })
  create(
    @Ctx() context: RequestContext,
    @Body() body: CreateRoleAssignmentDto,
  ): Promise<RoleAssignmentResponseDto> {
    return this.assignments.create(context, body);
  }

  @Get(':assignment_id')
  @Authenticated({ permission: 'roles:read' })
  @ApiOperation({ summary: 'One role assignment' })
  @ApiParam({ name: 'assignment_id', format: 'uuid' })
  @ApiOkResponse({ type: RoleAssignmentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @Ctx() context: RequestContext,
    @Param('assignment_id') id: string,
  ): Promise<RoleAssignmentResponseDto> {
    return this.assignments.get(context, id);
  }

  @Delete(':assignment_id')
  @Authenticated({ permission: 'roles:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a role assignment (takes effect on the next request)' })
  @ApiParam({ name: 'assignment_id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  remove(@Ctx() context: RequestContext, @Param('assignment_id') id: string): Promise<void> {
    return this.assignments.remove(context, id);
  }
}
