import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import {
  ApplyTemplateBodyDto,
  ApplyTemplateDto,
  ApplyTemplateResultDto,
  TemplatePreviewDto,
} from 'src/templates/dto/template-apply.dto';
import { TemplatePostBody, TemplatePostBodyPipe } from 'src/templates/dto/template-post-body.pipe';
import {
  BuiltinVariablesDto,
  CreateTemplateDto,
  ListTemplatesQueryDto,
  RequiredVariablesDto,
  TemplateDto,
  TemplateListDto,
  UpdateTemplateDto,
} from 'src/templates/dto/template.dto';
import { TemplateApplicationService } from 'src/templates/template-application.service';
import { TemplatesService } from 'src/templates/templates.service';

const APPLY_DESCRIPTION =
  'Renders the template for the zone and creates its records in one unit. Records that already exist identically, ' +
  'or that would conflict with existing records (CNAME exclusivity, a second CNAME), are skipped and listed with ' +
  'the reason; a missing required variable or a record invalid after substitution refuses everything (400). ' +
  'On an active zone the records are served at once; on a pending zone they are stored and served once validated.';

@ApiTags('templates')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly application: TemplateApplicationService,
  ) {}

  @Get()
  @Authenticated({ permission: 'templates:read' })
  @ApiOperation({ summary: "The system templates and the tenant's custom templates" })
  @ApiOkResponse({ type: TemplateListDto })
  list(@Ctx() context: RequestContext, @Query() query: ListTemplatesQueryDto): Promise<TemplateListDto> {
    return this.templates.list(context, query);
  }

  @Post()
  @Authenticated({ permission: null })
  @ApiOperation({
    summary: 'Create a custom template, or apply a template (overloaded, as documented)',
    description:
      'Two body shapes. With `records` (+ `variables`, `name`): creates a custom template (needs `templates:manage`; ' +
      '201 with the template). With `template_id` + `domain_id` (+ `variables`): applies the template to the zone ' +
      '(needs `records:create` on that zone; 200 with the result) — the same as ' +
      '`POST /api/v1/templates/{template_id}/apply/{domain_id}`. A body mixing both shapes is a 422. ' +
      APPLY_DESCRIPTION,
  })
  @ApiExtraModels(CreateTemplateDto, ApplyTemplateBodyDto)
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(CreateTemplateDto) }, { $ref: getSchemaPath(ApplyTemplateBodyDto) }],
    },
  })
  @ApiCreatedResponse({ type: TemplateDto, description: 'Template created' })
  @ApiOkResponse({ type: ApplyTemplateResultDto, description: 'Template applied' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'Invalid template body (e.g. unknown placeholder), missing variables, or a record invalid after substitution',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such template or zone (or not visible)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A template with this name already exists' })
  async createOrApply(
    @Ctx() context: RequestContext,
    @Body(TemplatePostBodyPipe) body: TemplatePostBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TemplateDto | ApplyTemplateResultDto> {
    if (body.kind === 'create') {
      return this.templates.create(context, body.dto);
    }
    response.status(200);
    return this.application.apply(context, body.dto.template_id, body.dto.domain_id, body.dto.variables);
  }

  @Get('variables')
  @Authenticated({ permission: 'templates:read' })
  @ApiOperation({
    summary: 'Built-in variables every template can use (`${domain}`, `${zone}`, `${tenant}`, `${date}`)',
  })
  @ApiOkResponse({ type: BuiltinVariablesDto })
  builtinVariables(): BuiltinVariablesDto {
    return this.templates.builtinVariables();
  }

  @Get(':template_id')
  @Authenticated({ permission: 'templates:read' })
  @ApiOperation({ summary: 'One template, with its records and variables' })
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @UuidParam('template_id') templateId: string): Promise<TemplateDto> {
    return this.templates.get(context, templateId);
  }

  @Patch(':template_id')
  @Authenticated({ permission: 'templates:manage' })
  @ApiOperation({
    summary: 'Change a custom template (name, description; records and variables are replaced whole)',
  })
  @ApiOkResponse({ type: TemplateDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid template body' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A template with this name already exists' })
  update(
    @Ctx() context: RequestContext,
    @UuidParam('template_id') templateId: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateDto> {
    return this.templates.update(context, templateId, body);
  }

  @Delete(':template_id')
  @Authenticated({ permission: 'templates:manage' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a custom template (system templates are read-only: 403)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Ctx() context: RequestContext, @UuidParam('template_id') templateId: string): Promise<void> {
    await this.templates.remove(context, templateId);
  }

  @Get(':template_id/required-variables')
  @Authenticated({ permission: 'templates:read' })
  @ApiOperation({ summary: 'The variables to supply when applying this template' })
  @ApiOkResponse({ type: RequiredVariablesDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  requiredVariables(
    @Ctx() context: RequestContext,
    @UuidParam('template_id') templateId: string,
  ): Promise<RequiredVariablesDto> {
    return this.templates.requiredVariables(context, templateId);
  }

  @Post(':template_id/preview/:domain_id')
  @Authenticated({ permission: 'records:read' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'What applying the template to the zone would create and skip (writes nothing)',
    description:
      'Needs `records:read` on the zone. Same validation as applying: missing variables or invalid records are a 400.',
  })
  @ApiOkResponse({ type: TemplatePreviewDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such template or zone (or not visible)' })
  preview(
    @Ctx() context: RequestContext,
    @UuidParam('template_id') templateId: string,
    @UuidParam('domain_id') domainId: string,
    @Body() body: ApplyTemplateDto,
  ): Promise<TemplatePreviewDto> {
    return this.application.preview(context, templateId, domainId, body.variables);
  }

  @Post(':template_id/apply/:domain_id')
  @Authenticated({ permission: 'records:create' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply a template to a zone (needs `records:create` on that zone)',
    description: APPLY_DESCRIPTION,
  })
  @ApiOkResponse({ type: ApplyTemplateResultDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Missing required variables, or a record invalid after substitution',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such template or zone (or not visible)' })
  apply(
    @Ctx() context: RequestContext,
    @UuidParam('template_id') templateId: string,
    @UuidParam('domain_id') domainId: string,
    @Body() body: ApplyTemplateDto,
  ): Promise<ApplyTemplateResultDto> {
    return this.application.apply(context, templateId, domainId, body.variables);
  }
}
