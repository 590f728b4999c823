import { Controller, Get, Header, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from 'src/auth/decorators/auth.decorators';
import { SkipRateLimit } from 'src/rate-limit/skip-rate-limit.decorator';
import { AppConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';

/** Prometheus scrape endpoint; exists only when METRICS_ENABLED is true. */
@ApiExcludeController()
@SkipRateLimit()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    if (!this.config.metrics.enabled) {
      throw new NotFoundException();
    }
    response.type(this.metrics.contentType).send(await this.metrics.render());
  }
}
