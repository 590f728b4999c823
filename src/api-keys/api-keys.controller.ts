import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiKeyManagementService } from 'src/api-keys/api-key-management.service';
import {
  ApiKeyPageDto,
  ApiKeyResponseDto,
  ApiKeyWithSecretResponseDto,
} from 'src/api-keys/dto/api-key-response.dto';
import { CreateApiKeyDto } from 'src/api-keys/dto/create-api-key.dto';
import { ListApiKeysQueryDto } from 'src/api-keys/dto/list-api-keys-query.dto';
import { UpdateApiKeyDto } from 'src/api-keys/dto/update-api-key.dto';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';

/**
 * API keys of the tenant the request acts in. JWT only: "API keys cannot manage themselves". Who may manage which
 * key is decided by ApiKeyManagementService (own keys: anyone; others: api_keys:manage).
 */
@ApiTags('api-keys')
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'No such key in this tenant, or not visible to you',
})
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyManagementService) {}

  @Get()
  @Authenticated({ permission: null, allowApiKey: false })
  @ApiOperation({
    summary: 'Keys owned by or delegated to the caller (all keys for api_keys:manage holders)',
  })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Ctx() context: RequestContext, @Query() query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(context, query);
  }

  @Post()
  @Authenticated({ permission: null, allowApiKey: false })
  @ApiOperation({ summary: 'Create a key; the secret is in the answer, once' })
  @ApiCreatedResponse({ type: ApiKeyWithSecretResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Scopes not held by the source, or expiry in the past',
  })
  create(
    @Ctx() context: RequestContext,
    @Body() body: CreateApiKeyDto,
  ): Promise<ApiKeyWithSecretResponseDto> {
    return this.apiKeys.create(context, body);
  }

  @Get(':id')
  @Authenticated({ permission: null, allowApiKey: false })
  @ApiOperation({ summary: 'One key, with current usage counters' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  get(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.get(context, id);
  }

  @Patch(':id')
  @Authenticated({ permission: null, allowApiKey: false })
  @ApiOperation({ summary: 'Change name, description, scopes, rate limit, IP whitelist or expiry' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  update(
    @Ctx() context: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateApiKeyDto,
  ): Promise<ApiKeyResponseDto> {
    return this.apiKeys.update(context, id, body);
  }

  @Post(':id/revoke')
  @Authenticated({ permission: null, allowApiKey: false })
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable the key (it can be activated again)' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  revoke(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.revoke(context, id);
  }

  @Post(':id/activate')
  @Authenticated({ permission: null, allowApiKey: false })
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable a revoked key' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The key has expired' })
  activate(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ApiKeyResponseDto> {
    return this.apiKeys.activate(context, id);
  }

  @Post(':id/regenerate')
  @Authenticated({ permission: null, allowApiKey: false })
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret and prefix; the old secret stops working at once' })
  @ApiOkResponse({ type: ApiKeyWithSecretResponseDto })
  regenerate(@Ctx() context: RequestContext, @Param('id') id: string): Promise<ApiKeyWithSecretResponseDto> {
    return this.apiKeys.regenerate(context, id);
  }

  @Delete(':id')
  @Authenticated({ permission: null, allowApiKey: false })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the key for good' })
  @ApiNoContentResponse()
  remove(@Ctx() context: RequestContext, @Param('id') id: string): Promise<void> {
    return this.apiKeys.remove(context, id);
  }
}
