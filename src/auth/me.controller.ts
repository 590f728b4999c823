import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { PermissionCheckDto, PermissionCheckResponseDto } from 'src/auth/dto/auth.dto';
import { MeContextDto, MeEnvelopeDto } from 'src/auth/dto/me.dto';
import { MeService } from 'src/auth/me.service';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';

@ApiTags('me')
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @Authenticated({ permission: null })
  @ApiOperation({ summary: 'The caller (same as /auth/me)' })
  @ApiOkResponse({ type: MeEnvelopeDto })
  async current(@Ctx() context: RequestContext): Promise<MeEnvelopeDto> {
    return { data: await this.me.describe(context, false) };
  }

  @Get('context')
  @Authenticated({ permission: null })
  @ApiOperation({ summary: 'The caller with their current tenant, home tenant and groups' })
  @ApiOkResponse({ type: MeContextDto })
  context(@Ctx() context: RequestContext): Promise<MeContextDto> {
    return this.me.context(context);
  }

  @Post('permissions/check')
  @Authenticated({ permission: null })
  @HttpCode(200)
  @ApiOperation({ summary: 'Does the caller hold a permission (optionally on one zone)?' })
  @ApiOkResponse({ type: PermissionCheckResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  check(
    @Ctx() context: RequestContext,
    @Body() body: PermissionCheckDto,
  ): Promise<PermissionCheckResponseDto> {
    return this.me.check(context, body.permission, body.domain_id ?? null);
  }
}
