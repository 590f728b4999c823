import { Job } from 'bullmq';
import { DnssecRolloverService, RolloverReport } from 'src/dnssec/dnssec-rollover.service';
import { DnssecJobName } from 'src/dnssec/jobs/dnssec-jobs.payload';
import { DnssecRolloverProcessor } from 'src/dnssec/jobs/dnssec-rollover.processor';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';

describe('DnssecRolloverProcessor', () => {
  const report: RolloverReport = { zones: 2, steps: [], failures: [] };
  const rolloverDue = jest.fn<Promise<RolloverReport>, [Date?]>().mockResolvedValue(report);
  const rollover = { rolloverDue, checkEveryMs: 900_000 } as unknown as DnssecRolloverService;
  const instrumentation = {
    run: async (_queue: string, _job: Job, work: () => Promise<unknown>) => work(),
  } as unknown as JobInstrumentation;
  const processor = new DnssecRolloverProcessor(instrumentation, rollover);

  it('should process the dnssec queue and schedule the rollover check with the policy interval', () => {
    expect(processor.queueName).toBe('dnssec');
    expect(processor.jobNames).toEqual([DnssecJobName.RolloverDue]);
    expect(processor.schedules()).toEqual([
      { id: DnssecJobName.RolloverDue, name: DnssecJobName.RolloverDue, everyMs: 900_000, data: {} },
    ]);
  });

  it('should run rolloverDue at the current time and return its report', async () => {
    const before = Date.now();
    await expect(processor.process({ name: DnssecJobName.RolloverDue, data: {} } as Job)).resolves.toBe(
      report,
    );
    const now = rolloverDue.mock.calls[0][0]!;
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('should refuse unknown job names', async () => {
    await expect(processor.process({ name: 'dnssec.nope', data: {} } as Job)).rejects.toThrow(
      'No handler for job "dnssec.nope"',
    );
  });
});
