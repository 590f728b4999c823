import { AppException } from 'src/common/errors/app.exception';

/** 429 with the documented body and the headers a client needs to back off. */
export class RateLimitExceededError extends AppException {
  constructor(limit: number, headers: Record<string, string>) {
    super(429, `Rate limit exceeded: ${limit} requests per minute`, 'RATE_LIMITED', { headers });
  }
}
