import { Controller, Get, Headers, Query } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuditLogsService } from 'src/audit/audit-logs.service';
import { AuditLogDto, AuditLogPageDto, ListAuditLogsQueryDto } from 'src/audit/dto/audit-log.dto';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { TENANT_HEADER } from 'src/auth/auth.guard';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';

@ApiTags('audit')
@ApiUnprocessableEntityResponse({
  type: ValidationErrorResponseDto,
  description: 'Malformed query (e.g. a bad date)',
})
@Controller('api/v1/admin/audit-logs')
export class AuditLogsController {
  constructor(private readonly logs: AuditLogsService) {}

  @Get()
  @Authenticated({ permission: 'audit:read' })
  @ApiOperation({
    summary: 'Audit trail, newest first',
    description:
      "Tenant admins read their own tenant's entries. Platform admins read every tenant's (and platform-level) " +
      'entries unless `tenant_id` or the X-Tenant-ID header names one tenant.',
  })
  @ApiHeader({ name: 'X-Tenant-ID', required: false, description: 'Platform admins: read only this tenant' })
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Platform admin named an unknown tenant' })
  list(
    @Ctx() context: RequestContext,
    @Query() query: ListAuditLogsQueryDto,
    @Headers(TENANT_HEADER) tenantHeader: string | undefined,
  ): Promise<AuditLogPageDto> {
    return this.logs.list(context, query, typeof tenantHeader === 'string' && tenantHeader !== '');
  }

  @Get(':log_id')
  @Authenticated({ permission: 'audit:read' })
  @ApiOperation({ summary: 'One audit entry with its full details' })
  @ApiOkResponse({ type: AuditLogDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: "No such entry (or another tenant's)" })
  get(@Ctx() context: RequestContext, @UuidParam('log_id') id: string): Promise<AuditLogDto> {
    return this.logs.get(context, id);
  }
}
