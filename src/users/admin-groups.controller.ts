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
import { AdminGroupsService } from 'src/users/admin-groups.service';
import {
  AddGroupMemberDto,
  AdminGroupDetailDto,
  AdminGroupListQueryDto,
  AdminGroupListResponseDto,
  CreateGroupDto,
  UpdateGroupDto,
} from 'src/users/dto/admin-group.dto';
import { ApiScaiKeyErrors } from 'src/users/scaikey-errors.decorator';

const GROUP_ID = { name: 'group_id', description: 'ScaiDNS group id (UUID) or ScaiKey group id' };
const USER_ID = { name: 'user_id', description: 'ScaiDNS user id (UUID) or ScaiKey user id' };

@ApiTags('groups')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin/groups')
export class AdminGroupsController {
  constructor(private readonly groups: AdminGroupsService) {}

  @Get()
  @Authenticated({ permission: 'groups:read' })
  @ApiOperation({ summary: "The tenant's groups (from the local cache of ScaiKey)" })
  @ApiOkResponse({ type: AdminGroupListResponseDto })
  list(
    @Ctx() context: RequestContext,
    @Query() query: AdminGroupListQueryDto,
  ): Promise<AdminGroupListResponseDto> {
    return this.groups.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'groups:manage' })
  @ApiOperation({ summary: 'Create a group in ScaiKey' })
  @ApiCreatedResponse({ type: AdminGroupDetailDto })
  @ApiScaiKeyErrors()
  create(@Ctx() context: RequestContext, @Body() body: CreateGroupDto): Promise<AdminGroupDetailDto> {
    return this.groups.create(context, body);
  }

  @Get(':group_id')
  @Authenticated({ permission: 'groups:read' })
  @ApiOperation({ summary: 'One group, with its members' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: AdminGroupDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @Param('group_id') groupId: string): Promise<AdminGroupDetailDto> {
    return this.groups.get(context, groupId);
  }

  @Patch(':group_id')
  @Authenticated({ permission: 'groups:manage' })
  @ApiOperation({ summary: 'Change a group in ScaiKey' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: AdminGroupDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Nothing to update' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  update(
    @Ctx() context: RequestContext,
    @Param('group_id') groupId: string,
    @Body() body: UpdateGroupDto,
  ): Promise<AdminGroupDetailDto> {
    return this.groups.update(context, groupId, body);
  }

  @Delete(':group_id')
  @Authenticated({ permission: 'groups:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a group in ScaiKey; here with its memberships and role assignments' })
  @ApiParam(GROUP_ID)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  remove(@Ctx() context: RequestContext, @Param('group_id') groupId: string): Promise<void> {
    return this.groups.remove(context, groupId);
  }

  @Post(':group_id/members')
  @Authenticated({ permission: 'groups:manage' })
  @ApiOperation({
    summary: "Add a user of the tenant to the group (you must hold every permission the group's roles give)",
  })
  @ApiParam(GROUP_ID)
  @ApiCreatedResponse({ type: AdminGroupDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Group or user not found' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already a member' })
  @ApiScaiKeyErrors()
  addMember(
    @Ctx() context: RequestContext,
    @Param('group_id') groupId: string,
    @Body() body: AddGroupMemberDto,
  ): Promise<AdminGroupDetailDto> {
    return this.groups.addMember(context, groupId, body);
  }

  @Delete(':group_id/members/:user_id')
  @Authenticated({ permission: 'groups:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from the group' })
  @ApiParam(GROUP_ID)
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Group or user not found, or not a member' })
  @ApiScaiKeyErrors()
  removeMember(
    @Ctx() context: RequestContext,
    @Param('group_id') groupId: string,
    @Param('user_id') userId: string,
  ): Promise<void> {
    return this.groups.removeMember(context, groupId, userId);
  }
}
