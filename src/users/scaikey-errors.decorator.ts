import { applyDecorators } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from 'src/common/errors/error-response.dto';

/** Swagger for routes that write through ScaiKey's admin API. */
export function ApiScaiKeyErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadGatewayResponse({
      type: ErrorResponseDto,
      description: "ScaiKey failed or refused ScaiDNS's admin client",
    }),
    ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'ScaiKey is unreachable' }),
  );
}
