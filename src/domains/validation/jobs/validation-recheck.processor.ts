import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { DomainValidationService } from 'src/domains/validation/domain-validation.service';
import { ValidationCheckResultDto } from 'src/domains/validation/dto/validation.dto';
import {
  CheckNowPayload,
  RecheckDuePayload,
  ValidationJobName,
  ValidationJobs,
} from 'src/domains/validation/jobs/validation-jobs.payload';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobHandlers, JobProcessor, QueueProcessor, RepeatableJob } from 'src/jobs/job-processor';
import { QueueName } from 'src/jobs/queue-names';

export type CheckNowResult = ValidationCheckResultDto | { skipped: string };

/**
 * The validation queue: the periodic re-check of open challenges (every VALIDATION_RECHECK_INTERVAL seconds), so
 * a published TXT record takes a zone live without anyone calling check, and on-demand checks of one zone.
 */
@QueueProcessor(QueueName.Validation)
export class ValidationRecheckProcessor extends JobProcessor<ValidationJobs> {
  private readonly logger = new Logger(ValidationRecheckProcessor.name);

  protected readonly handlers: JobHandlers<ValidationJobs> = {
    [ValidationJobName.RecheckDue]: (payload) => this.recheckDue(payload),
    [ValidationJobName.CheckNow]: (payload, job) => this.checkNow(payload, job),
  };

  constructor(
    instrumentation: JobInstrumentation,
    private readonly validation: DomainValidationService,
    private readonly config: AppConfig,
  ) {
    super(instrumentation);
  }

  override schedules(): RepeatableJob<ValidationJobs>[] {
    return [
      {
        id: ValidationJobName.RecheckDue,
        name: ValidationJobName.RecheckDue,
        everyMs: this.config.validation.recheckIntervalSeconds * 1000,
        data: {},
      },
    ];
  }

  private async recheckDue(
    payload: RecheckDuePayload,
  ): Promise<{ checked: number; validated: number; expired: number }> {
    const limit = payload.limit ?? this.config.validation.recheckBatchSize;
    const result = await this.validation.recheckDue(limit);
    if (result.validated > 0 || result.expired > 0) {
      this.logger.log(
        `Validation re-check: ${result.checked} checked, ${result.validated} validated, ${result.expired} expired`,
      );
    }
    return result;
  }

  private async checkNow(payload: CheckNowPayload, job: Job<CheckNowPayload>): Promise<CheckNowResult> {
    const { tenantId, domainId } = payload ?? {};
    if (typeof tenantId !== 'string' || typeof domainId !== 'string' || !tenantId || !domainId) {
      throw new UnrecoverableError('check-now needs {tenantId, domainId}');
    }
    const result = await this.validation.checkAsSystem(tenantId, domainId, `job-${job.id ?? 'check-now'}`);
    return result ?? { skipped: 'the domain is not pending validation or has no open challenge' };
  }
}
