import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
import { AdminUsersService } from 'src/users/admin-users.service';
import {
  AcceptedResponseDto,
  AdminUserDetailDto,
  AdminUserDto,
  AdminUserListQueryDto,
  AdminUserListResponseDto,
  CreateUserDto,
  InviteResponseDto,
  InviteUserDto,
  SetPasswordDto,
  UpdateUserDto,
} from 'src/users/dto/admin-user.dto';
import { ApiScaiKeyErrors } from 'src/users/scaikey-errors.decorator';

const USER_ID = { name: 'user_id', description: 'ScaiDNS user id (UUID) or ScaiKey user id' };

@ApiTags('users')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @Authenticated({ permission: 'users:read' })
  @ApiOperation({ summary: "The tenant's users (from the local cache of ScaiKey)" })
  @ApiOkResponse({ type: AdminUserListResponseDto })
  list(
    @Ctx() context: RequestContext,
    @Query() query: AdminUserListQueryDto,
  ): Promise<AdminUserListResponseDto> {
    return this.users.list(context, query);
  }

  @Post()
  @Authenticated({ permission: 'users:manage' })
  @ApiOperation({
    summary: 'Create a user in ScaiKey (without a password: ScaiKey invites them, where configured)',
  })
  @ApiCreatedResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'tenant_id not found' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'E-mail address already in use (ScaiKey)' })
  @ApiScaiKeyErrors()
  create(@Ctx() context: RequestContext, @Body() body: CreateUserDto): Promise<AdminUserDto> {
    return this.users.create(context, body);
  }

  @Post('invite')
  @Authenticated({ permission: 'users:manage' })
  @ApiOperation({
    summary: 'Invite a user: created in ScaiKey without a password; ScaiKey sends the invitation',
  })
  @ApiCreatedResponse({ type: InviteResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  invite(@Ctx() context: RequestContext, @Body() body: InviteUserDto): Promise<InviteResponseDto> {
    return this.users.invite(context, body);
  }

  @Get(':user_id')
  @Authenticated({ permission: 'users:read' })
  @ApiOperation({ summary: 'One user, with their groups' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: AdminUserDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @Param('user_id') userId: string): Promise<AdminUserDetailDto> {
    return this.users.get(context, userId);
  }

  @Patch(':user_id')
  @Authenticated({ permission: 'users:manage' })
  @ApiOperation({ summary: 'Change profile fields in ScaiKey' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: AdminUserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Nothing to update' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  update(
    @Ctx() context: RequestContext,
    @Param('user_id') userId: string,
    @Body() body: UpdateUserDto,
  ): Promise<AdminUserDto> {
    return this.users.update(context, userId, body);
  }

  @Delete(':user_id')
  @Authenticated({ permission: 'users:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Deactivate: disabled in ScaiKey (re-activatable), inactive here at once' })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'Deactivated' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Yourself' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  deactivate(@Ctx() context: RequestContext, @Param('user_id') userId: string): Promise<void> {
    return this.users.deactivate(context, userId);
  }

  @Post(':user_id/activate')
  @Authenticated({ permission: 'users:manage' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-activate a deactivated or suspended user in ScaiKey' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  activate(@Ctx() context: RequestContext, @Param('user_id') userId: string): Promise<AdminUserDto> {
    return this.users.activate(context, userId);
  }

  @Post(':user_id/password')
  @Authenticated({ permission: 'users:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: "Set the user's password in ScaiKey" })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiScaiKeyErrors()
  setPassword(
    @Ctx() context: RequestContext,
    @Param('user_id') userId: string,
    @Body() body: SetPasswordDto,
  ): Promise<void> {
    return this.users.setPassword(context, userId, body);
  }

  @Post(':user_id/resend-invite')
  @Authenticated({ permission: 'users:manage' })
  @HttpCode(202)
  @ApiOperation({ summary: 'Resend the invitation (ScaiKey offers no resend: accepted, nothing is sent)' })
  @ApiParam(USER_ID)
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  resendInvite(
    @Ctx() context: RequestContext,
    @Param('user_id') userId: string,
  ): Promise<AcceptedResponseDto> {
    return this.users.resendInvite(context, userId);
  }
}
