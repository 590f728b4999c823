import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { AdminConfigService } from 'src/platform-admin/admin-config.service';
import { ConfigEntryDto, ConfigListDto, UpdateConfigDto } from 'src/platform-admin/dto/admin-config.dto';

const KEY = { name: 'key', description: 'Configuration key, e.g. validation.challenge_ttl' };

@ApiTags('admin')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin/config')
export class AdminConfigController {
  constructor(private readonly config: AdminConfigService) {}

  @Get()
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'Every runtime setting with the value in effect (stored, else the default)' })
  @ApiOkResponse({ type: ConfigListDto })
  list(@Ctx() context: RequestContext): Promise<ConfigListDto> {
    return this.config.list(context);
  }

  @Get(':key')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'One runtime setting' })
  @ApiParam(KEY)
  @ApiOkResponse({ type: ConfigEntryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown key' })
  get(@Ctx() context: RequestContext, @Param('key') key: string): Promise<ConfigEntryDto> {
    return this.config.get(context, key);
  }

  @Patch(':key')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({
    summary: 'Change a runtime setting',
    description:
      'Checked against the rules of the key; applies from the next use (no restart). The nameservers and the ' +
      'authoritative domains are changed through their own routes.',
  })
  @ApiParam(KEY)
  @ApiOkResponse({ type: ConfigEntryDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Invalid value, or a key changed through another route',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown key' })
  update(
    @Ctx() context: RequestContext,
    @Param('key') key: string,
    @Body() body: UpdateConfigDto,
  ): Promise<ConfigEntryDto> {
    return this.config.update(context, key, body);
  }
}
