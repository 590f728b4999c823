import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto } from 'src/common/errors/error-response.dto';
import { SyncJobAcceptedDto, SyncJobDto, TriggerSyncDto } from 'src/scaikey-sync/dto/sync-job.dto';
import { ScaiKeySyncJobsProducer } from 'src/scaikey-sync/jobs/scaikey-sync-jobs.producer';

@ApiTags('admin')
@Controller('api/v1/admin/sync')
export class ScaiKeySyncController {
  constructor(private readonly jobs: ScaiKeySyncJobsProducer) {}

  @Post()
  @HttpCode(202)
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({
    summary: 'Sync the identity cache from ScaiKey now',
    description:
      'Queues the same sync the worker runs every SCAIKEY_SYNC_INTERVAL seconds; follow it with the job id.',
  })
  @ApiAcceptedResponse({ type: SyncJobAcceptedDto })
  trigger(@Ctx() context: RequestContext, @Body() body: TriggerSyncDto): Promise<SyncJobAcceptedDto> {
    return this.jobs.trigger(context, body);
  }

  @Get(':job_id')
  @Authenticated({ permission: 'platform:manage' })
  @ApiOperation({ summary: 'State of a sync job, with its report once completed' })
  @ApiParam({ name: 'job_id', description: 'Id returned by POST /api/v1/admin/sync' })
  @ApiOkResponse({ type: SyncJobDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  status(@Ctx() context: RequestContext, @Param('job_id') jobId: string): Promise<SyncJobDto> {
    return this.jobs.status(context, jobId);
  }
}
