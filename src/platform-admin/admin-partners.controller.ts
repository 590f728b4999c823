import { Controller, Get, Param, Query } from '@nestjs/common';
import {
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
import { Page } from 'src/common/pagination/pagination';
import { AdminPartnersService } from 'src/platform-admin/admin-partners.service';
import {
  PartnerDto,
  PartnerListQueryDto,
  PartnerListResponseDto,
} from 'src/platform-admin/dto/admin-partner.dto';

@ApiTags('admin')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@Controller('api/v1/admin/partners')
export class AdminPartnersController {
  constructor(private readonly partners: AdminPartnersService) {}

  @Get()
  @Authenticated({ permission: 'tenants:read' })
  @ApiOperation({ summary: 'ScaiKey partners (local cache)' })
  @ApiOkResponse({ type: PartnerListResponseDto })
  list(@Ctx() context: RequestContext, @Query() query: PartnerListQueryDto): Promise<Page<PartnerDto>> {
    return this.partners.list(context, query);
  }

  @Get(':partner_id')
  @Authenticated({ permission: 'tenants:read' })
  @ApiOperation({ summary: 'One partner' })
  @ApiParam({ name: 'partner_id', description: 'ScaiDNS partner id (UUID) or ScaiKey partner id' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Ctx() context: RequestContext, @Param('partner_id') partnerId: string): Promise<PartnerDto> {
    return this.partners.get(context, partnerId);
  }
}
