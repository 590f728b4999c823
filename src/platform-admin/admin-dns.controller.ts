import { Body, Controller, Get, HttpCode, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { Page, PageQueryDto } from 'src/common/pagination/pagination';
import { UuidParam } from 'src/common/validation/uuid-param';
import { AdminNameserversService } from 'src/platform-admin/admin-nameservers.service';
import {
  AuthoritativeDomainsDto,
  NameserverRewriteJobDto,
  NameserverRewriteJobListDto,
  NameserversDto,
} from 'src/platform-admin/dto/admin-dns.dto';

@ApiTags('admin')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin')
export class AdminDnsController {
  constructor(private readonly dns: AdminNameserversService) {}

  @Get('nameservers')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({
    summary: "The platform's nameservers (every zone's apex NS; the first is the SOA primary)",
  })
  @ApiOkResponse({ type: NameserversDto })
  nameservers(@Ctx() context: RequestContext): Promise<NameserversDto> {
    return this.dns.nameservers(context);
  }

  @Put('nameservers')
  @HttpCode(202)
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({
    summary: 'Replace the nameservers and rewrite every zone',
    description:
      '2 to 13 host names. The list is stored at once (zones published from now on get it); the apex NS and SOA of ' +
      'every published zone are rewritten in the background — follow the job. One rewrite at a time. Sending the ' +
      'current list again re-runs the rewrite (e.g. for zones that failed).',
  })
  @ApiAcceptedResponse({ type: NameserverRewriteJobDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid list' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A rewrite is still running' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'Saved, but the rewrite could not be queued',
  })
  replaceNameservers(
    @Ctx() context: RequestContext,
    @Body() body: NameserversDto,
  ): Promise<NameserverRewriteJobDto> {
    return this.dns.replace(context, body);
  }

  @Get('nameservers/jobs')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'Nameserver rewrites, newest first' })
  @ApiOkResponse({ type: NameserverRewriteJobListDto })
  jobs(@Ctx() context: RequestContext, @Query() query: PageQueryDto): Promise<Page<NameserverRewriteJobDto>> {
    return this.dns.jobs(context, query);
  }

  @Get('nameservers/jobs/:job_id')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'Progress of a nameserver rewrite (poll it while it runs)' })
  @ApiParam({ name: 'job_id', description: 'job_id returned by PUT /api/v1/admin/nameservers' })
  @ApiOkResponse({ type: NameserverRewriteJobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  job(@Ctx() context: RequestContext, @UuidParam('job_id') jobId: string): Promise<NameserverRewriteJobDto> {
    return this.dns.job(context, jobId);
  }

  @Get('authoritative-domains')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({
    summary: 'Domains this instance is authoritative for as an operator',
    description:
      'Informational: kept for operators and tooling (e.g. the domain of the platform nameservers). ScaiDNS does no ' +
      'zone transfers, so nothing is validated against it.',
  })
  @ApiOkResponse({ type: AuthoritativeDomainsDto })
  authoritativeDomains(@Ctx() context: RequestContext): Promise<AuthoritativeDomainsDto> {
    return this.dns.authoritativeDomains(context);
  }

  @Put('authoritative-domains')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'Replace the authoritative domains' })
  @ApiOkResponse({ type: AuthoritativeDomainsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid domain name or duplicate' })
  replaceAuthoritativeDomains(
    @Ctx() context: RequestContext,
    @Body() body: AuthoritativeDomainsDto,
  ): Promise<AuthoritativeDomainsDto> {
    return this.dns.replaceAuthoritativeDomains(context, body);
  }
}
