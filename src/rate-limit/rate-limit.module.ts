import { Global, Module } from '@nestjs/common';
import { RateLimitService } from 'src/rate-limit/rate-limit.service';
import { RedisRateLimiter } from 'src/rate-limit/redis-rate-limiter';

/** Global so that the auth guard (AuthModule, also loaded by the worker and CLI) can inject RateLimitService. */
@Global()
@Module({
  providers: [RedisRateLimiter, RateLimitService],
  exports: [RateLimitService, RedisRateLimiter],
})
export class RateLimitModule {}
