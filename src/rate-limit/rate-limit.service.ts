import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Response } from 'express';
import { RequestContext } from 'src/common/context/request-context';
import { AppConfig } from 'src/config/app-config';
import { RateLimitExceededError } from 'src/rate-limit/rate-limit.errors';
import { RedisRateLimiter } from 'src/rate-limit/redis-rate-limiter';
import { SKIP_RATE_LIMIT } from 'src/rate-limit/skip-rate-limit.decorator';
import { RateLimitDecision } from 'src/rate-limit/sliding-window';

/** Who a request is counted against, and how many requests a minute they get. */
export interface RateLimitSubject {
  key: string;
  limit: number;
}

/**
 * The rate-limit policy, applied by the auth guard once it knows the caller (one request = one hit, so a bulk call
 * counts once):
 * - API key → its own `rate_limit`, or RATE_LIMIT_DEFAULT_PER_MINUTE;
 * - signed-in user (JWT) → RATE_LIMIT_USER_PER_MINUTE, per user;
 * - anonymous caller of a public route → RATE_LIMIT_DEFAULT_PER_MINUTE, per client IP.
 * Routes marked @SkipRateLimit are exempt. Every limited answer carries RateLimit-Limit/-Remaining/-Reset; a refusal
 * is 429 `{"detail": "Rate limit exceeded: N requests per minute"}` with Retry-After.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RedisRateLimiter,
    private readonly config: AppConfig,
  ) {}

  async enforce(host: ExecutionContext, context: RequestContext): Promise<void> {
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [host.getHandler(), host.getClass()])) {
      return;
    }
    const subject = this.subjectOf(context);
    const decision = await this.limiter.hit(subject.key, subject.limit);
    if (!decision) {
      return;
    }
    const headers = rateLimitHeaders(decision);
    host.switchToHttp().getResponse<Response>().set(headers);
    if (!decision.allowed) {
      throw new RateLimitExceededError(decision.limit, headers);
    }
  }

  subjectOf(context: RequestContext): RateLimitSubject {
    const principal = context.principal;
    const { defaultPerMinute, userPerMinute } = this.config.rateLimit;
    if (principal?.type === 'api_key') {
      return {
        key: `key:${principal.apiKeyId ?? principal.subject}`,
        limit: principal.apiKeyRateLimit ?? defaultPerMinute,
      };
    }
    if (principal) {
      return { key: `user:${principal.userId ?? principal.subject}`, limit: userPerMinute };
    }
    return { key: `ip:${context.ip ?? 'unknown'}`, limit: defaultPerMinute };
  }
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    ...(decision.allowed ? {} : { 'Retry-After': String(decision.retryAfterSeconds) }),
  };
}
