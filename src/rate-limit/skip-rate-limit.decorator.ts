import { SetMetadata } from '@nestjs/common';

export const SKIP_RATE_LIMIT = 'scaidns:skip-rate-limit';

/** Exempts a route (or a whole controller) from rate limiting: health probes, metrics scrapes, signed webhooks. */
export function SkipRateLimit(): MethodDecorator & ClassDecorator {
  return SetMetadata(SKIP_RATE_LIMIT, true);
}
