import { DnssecRolloverService, RolloverReport } from 'src/dnssec/dnssec-rollover.service';
import { DnssecJobName, DnssecJobs } from 'src/dnssec/jobs/dnssec-jobs.payload';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobHandlers, JobProcessor, QueueProcessor, RepeatableJob } from 'src/jobs/job-processor';
import { QueueName } from 'src/jobs/queue-names';

/**
 * The DNSSEC queue: every DNSSEC_POLICY.rolloverCheckEveryMs (15 minutes by default) the worker takes the due ZSK
 * rollover steps and removes replaced KSKs. A run that fails for some zones still finishes the others; the failures
 * are in the job's result and the log, and the next run tries them again.
 */
@QueueProcessor(QueueName.Dnssec)
export class DnssecRolloverProcessor extends JobProcessor<DnssecJobs> {
  protected readonly handlers: JobHandlers<DnssecJobs> = {
    [DnssecJobName.RolloverDue]: () => this.rolloverDue(),
  };

  constructor(
    instrumentation: JobInstrumentation,
    private readonly rollover: DnssecRolloverService,
  ) {
    super(instrumentation);
  }

  override schedules(): RepeatableJob<DnssecJobs>[] {
    return [
      {
        id: DnssecJobName.RolloverDue,
        name: DnssecJobName.RolloverDue,
        everyMs: this.rollover.checkEveryMs,
        data: {},
      },
    ];
  }

  private rolloverDue(): Promise<RolloverReport> {
    return this.rollover.rolloverDue(new Date());
  }
}
