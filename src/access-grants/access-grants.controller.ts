import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
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
import { AccessGrantsService } from 'src/access-grants/access-grants.service';
import {
  AccessGrantListResponseDto,
  AccessGrantResponseDto,
  CreateAccessGrantDto,
  ListAccessGrantsQueryDto,
  UpdateAccessGrantDto,
} from 'src/access-grants/dto/access-grant.dto';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';

/** Per-zone delegation of a role to a user or group, optionally narrowed to some record names and types. */
@ApiTags('access-grants')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'No such zone or grant (or not visible to the caller)',
})
@Controller('api/v1/domains/:domain_id/access-grants')
export class AccessGrantsController {
  constructor(private readonly grants: AccessGrantsService) {}

  @Get()
  @Authenticated({ permission: 'access_grants:read' })
  @ApiOperation({ summary: "The zone's access grants (unexpired ones unless include_expired)" })
  @ApiOkResponse({ type: AccessGrantListResponseDto })
  list(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Query() query: ListAccessGrantsQueryDto,
  ): Promise<AccessGrantListResponseDto> {
    return this.grants.list(context, domainId, query);
  }

  @Post()
  @Authenticated({ permission: 'access_grants:manage' })
  @ApiOperation({
    summary: 'Grant a role on this zone to a user or group',
    description:
      'The role must act on zones only (domain_admin, domain_manager, record_editor, read_only or such a custom ' +
      'role) and the caller must hold every permission of it on this zone. Takes effect on the next request.',
  })
  @ApiCreatedResponse({ type: AccessGrantResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Role not grantable on a zone, or expires_at in the past',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'An identical unexpired grant exists' })
  create(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: CreateAccessGrantDto,
  ): Promise<AccessGrantResponseDto> {
    return this.grants.create(context, domainId, body);
  }

  @Get(':grant_id')
  @Authenticated({ permission: 'access_grants:read' })
  @ApiOperation({ summary: 'One access grant (expired or not)' })
  @ApiOkResponse({ type: AccessGrantResponseDto })
  get(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('grant_id') grantId: string,
  ): Promise<AccessGrantResponseDto> {
    return this.grants.get(context, domainId, grantId);
  }

  @Patch(':grant_id')
  @Authenticated({ permission: 'access_grants:manage' })
  @ApiOperation({
    summary: 'Change the role, record filters, expiry or notes of a grant (grantee and zone are fixed)',
  })
  @ApiOkResponse({ type: AccessGrantResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Role not grantable on a zone, or expires_at in the past',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'An identical unexpired grant exists' })
  update(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('grant_id') grantId: string,
    @Body() body: UpdateAccessGrantDto,
  ): Promise<AccessGrantResponseDto> {
    return this.grants.update(context, domainId, grantId, body);
  }

  @Delete(':grant_id')
  @Authenticated({ permission: 'access_grants:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a grant (takes effect on the next request)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  async remove(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UuidParam('grant_id') grantId: string,
  ): Promise<void> {
    await this.grants.remove(context, domainId, grantId);
  }
}
