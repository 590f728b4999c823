import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import { DnssecService } from 'src/dnssec/dnssec.service';
import {
  ConfirmDsPublishedDto,
  DisableDnssecDto,
  DnssecActionResultDto,
  DnssecConfirmResultDto,
  DnssecEnableResultDto,
  DnssecRotateKskResultDto,
  DnssecRotateZskResultDto,
  DnssecStateDto,
  EnableDnssecDto,
} from 'src/dnssec/dto/dnssec.dto';

@ApiTags('dnssec')
@ApiNotFoundResponse({
  type: ErrorResponseDto,
  description: 'No such zone in the tenant, or not visible to the caller',
})
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/domains/:domain_id/dnssec')
export class DnssecController {
  constructor(private readonly dnssec: DnssecService) {}

  @Get()
  @Authenticated({ permission: 'dnssec:read' })
  @ApiOperation({ summary: 'DNSSEC state of the zone: status, keys and the DS records to publish' })
  @ApiOkResponse({ type: DnssecStateDto })
  get(@Ctx() context: RequestContext, @UuidParam('domain_id') domainId: string): Promise<DnssecStateDto> {
    return this.dnssec.get(context, domainId);
  }

  @Post('enable')
  @Authenticated({ permission: 'dnssec:enable' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the zone',
    description:
      'Creates a KSK and a ZSK in PowerDNS, which signs the zone at once. Status `pending_ds` until the DS records ' +
      'returned here are published at the registrar and confirmed with confirm-ds-published.',
  })
  @ApiOkResponse({ type: DnssecEnableResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Unsupported algorithm' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'DNSSEC already enabled, or the zone is not active',
  })
  enable(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: EnableDnssecDto,
  ): Promise<DnssecEnableResultDto> {
    return this.dnssec.enable(context, domainId, body);
  }

  @Post('disable')
  @Authenticated({ permission: 'dnssec:disable' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsign the zone and remove all its keys',
    description:
      'Remove the DS records at the registrar first. Refused while the parent zone still publishes a DS for the ' +
      'zone (409) or cannot be asked (503), unless `force` is true.',
  })
  @ApiOkResponse({ type: DnssecActionResultDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'DNSSEC not enabled, or the parent still publishes a DS',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: "The parent's DS set could not be looked up",
  })
  disable(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: DisableDnssecDto,
  ): Promise<DnssecActionResultDto> {
    return this.dnssec.disable(context, domainId, body);
  }

  @Post('rotate-zsk')
  @Authenticated({ permission: 'dnssec:rotate' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a ZSK rollover (pre-publication)',
    description:
      'Publishes a new ZSK now; it starts signing after the pre-publication period and the old ZSK is removed once ' +
      'its signatures have expired from caches. Automatic; no registrar change.',
  })
  @ApiOkResponse({ type: DnssecRotateZskResultDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'DNSSEC not enabled, or a ZSK rollover is in progress',
  })
  rotateZsk(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
  ): Promise<DnssecRotateZskResultDto> {
    return this.dnssec.rotateZsk(context, domainId);
  }

  @Post('rotate-ksk')
  @Authenticated({ permission: 'dnssec:rotate' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a KSK rollover (double KSK)',
    description:
      'Adds a new KSK that signs the DNSKEY set next to the current one and returns its DS records. Status ' +
      '`rotating_ksk` until the new DS is published at the registrar and confirmed with confirm-ds-published.',
  })
  @ApiOkResponse({ type: DnssecRotateKskResultDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'DNSSEC not enabled, or a DS still awaits confirmation',
  })
  rotateKsk(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
  ): Promise<DnssecRotateKskResultDto> {
    return this.dnssec.rotateKsk(context, domainId);
  }

  @Post('confirm-ds-published')
  @Authenticated({ permission: ['dnssec:enable', 'dnssec:rotate'] })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm that the parent zone publishes the DS record (needs dnssec:enable or dnssec:rotate)',
    description:
      "Looks up the parent's DS set through ScaiDNS's resolvers. When it contains a DS of the KSK awaiting " +
      'confirmation, `pending_ds` → `active`, or `rotating_ksk` → `active` with the old KSK retired. Otherwise 409 ' +
      'listing what the parent publishes and what is expected; 503 when the parent cannot be asked.',
  })
  @ApiOkResponse({ type: DnssecConfirmResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'No KSK with that key tag' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The DS is not published yet, or nothing awaits confirmation',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: "The parent's DS set could not be looked up",
  })
  confirmDsPublished(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: ConfirmDsPublishedDto,
  ): Promise<DnssecConfirmResultDto> {
    return this.dnssec.confirmDsPublished(context, domainId, body);
  }
}
