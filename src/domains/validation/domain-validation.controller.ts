import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { Response } from 'express';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import { DomainValidationService } from 'src/domains/validation/domain-validation.service';
import {
  StartValidationDto,
  ValidationCheckResultDto,
  ValidationDto,
} from 'src/domains/validation/dto/validation.dto';

@ApiTags('domain validation')
@Controller('api/v1/domains/:domain_id/validation')
export class DomainValidationController {
  constructor(private readonly validation: DomainValidationService) {}

  @Get()
  @Authenticated({ permission: 'domains:read' })
  @ApiOperation({ summary: 'The open ownership challenge, or null' })
  @ApiOkResponse({ type: ValidationDto, description: 'The open challenge, or `null` when there is none' })
  async current(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Res() response: Response,
  ): Promise<void> {
    // Nest sends an empty body for null; the contract says the JSON value `null`.
    response.status(200).json(await this.validation.current(context, domainId));
  }

  @Post()
  @Authenticated({ permission: 'domains:update' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a new challenge (supersedes the open one)' })
  @ApiOkResponse({ type: ValidationDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The zone is not pending validation' })
  start(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: StartValidationDto,
  ): Promise<ValidationDto> {
    return this.validation.start(context, domainId, body.validation_type ?? 'txt_record');
  }

  @Post('check')
  @Authenticated({ permission: 'domains:update' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the challenge in live DNS now; success makes the zone active' })
  @ApiOkResponse({ type: ValidationCheckResultDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'No open challenge, or the zone is not pending validation',
  })
  check(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
  ): Promise<ValidationCheckResultDto> {
    return this.validation.check(context, domainId);
  }

  @Delete()
  @Authenticated({ permission: 'domains:update' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel the open challenge' })
  @ApiNoContentResponse()
  async cancel(@Ctx() context: RequestContext, @UuidParam('domain_id') domainId: string): Promise<void> {
    await this.validation.cancel(context, domainId);
  }
}
