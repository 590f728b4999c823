import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { MetricsService } from 'src/metrics/metrics.service';

/**
 * Counts every request by its route template (`/api/v1/domains/:domain_id`), not the concrete path, so label
 * cardinality stays bounded. Unmatched paths are counted as "unmatched".
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      const path = route ? `${request.baseUrl}${route}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpRequests.inc({ method: request.method, path, status: String(response.statusCode) });
      this.metrics.httpDuration.observe({ method: request.method, path }, seconds);
    });
    next();
  }
}
