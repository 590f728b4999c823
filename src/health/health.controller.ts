import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from 'src/auth/decorators/auth.decorators';
import { SkipRateLimit } from 'src/rate-limit/skip-rate-limit.decorator';
import { LivenessDto, ReadinessDto } from 'src/health/dto/health.dto';
import { HealthService } from 'src/health/health.service';

@ApiTags('health')
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ type: LivenessDto, description: 'The process is running' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOkResponse({ type: ReadinessDto, description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'At least one dependency fails; its check says why',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const report = await this.health.readiness();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
