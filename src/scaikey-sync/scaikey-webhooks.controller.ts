import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Request } from 'express';
import { Public } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto } from 'src/common/errors/error-response.dto';
import { SkipRateLimit } from 'src/rate-limit/skip-rate-limit.decorator';
import { WebhookAnswerDto } from 'src/scaikey-sync/dto/webhook-answer.dto';
import { ScaiKeyWebhooksService } from 'src/scaikey-sync/scaikey-webhooks.service';

@ApiTags('webhooks')
@SkipRateLimit()
@Controller('api/v1/webhooks')
export class ScaiKeyWebhooksController {
  constructor(private readonly webhooks: ScaiKeyWebhooksService) {}

  @Post('scaikey')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'ScaiKey identity events (HMAC-signed, no JWT or API key)',
    description:
      'Verifies `X-ScaiKey-Signature: t=<unix>,v1=<hex HMAC-SHA256(SCAIKEY_WEBHOOK_SECRET, "<t>." + raw body)>` ' +
      '(±300 s), then updates the local cache of partners, tenants, users, groups and memberships. An event id ' +
      'already received is answered with its first outcome and not processed again. Processing errors still ' +
      'answer 200, with `success: false`; unknown event types are acknowledged and ignored.',
  })
  @ApiHeader({
    name: 'X-ScaiKey-Signature',
    required: true,
    description: 't=<unix seconds>,v1=<lowercase hex>',
  })
  @ApiHeader({
    name: 'X-ScaiKey-Event-Id',
    required: false,
    description: 'Used when the body carries no event_id',
  })
  @ApiBody({
    description: "ScaiKey's event envelope",
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiOkResponse({ type: WebhookAnswerDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not a JSON body' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired signature' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'SCAIKEY_WEBHOOK_SECRET is not configured',
  })
  receive(
    @Ctx() context: RequestContext,
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-scaikey-signature') signature?: string,
    @Headers('x-scaikey-event-id') eventId?: string,
  ): Promise<WebhookAnswerDto> {
    return this.webhooks.receive(context, { rawBody: request.rawBody, signature, eventIdHeader: eventId });
  }
}
