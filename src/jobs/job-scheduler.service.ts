import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { KEEP_COMPLETED_JOBS, KEEP_FAILED_JOBS } from 'src/jobs/bull-options';

/** A repeatable job of any queue (see RepeatableJob for the typed form processors declare). */
export interface ScheduleDefinition {
  id: string;
  name: string;
  everyMs: number;
  data: unknown;
}

export interface RegisteredSchedule {
  queue: string;
  id: string;
  name: string;
  everyMs: number;
}

/**
 * Registers repeatable jobs as BullMQ job schedulers. Upserting by id is idempotent, so every worker replica does
 * it on start and a changed interval replaces the old one. The processor's list is the whole truth for its queue:
 * a scheduler in Redis that it no longer declares (a schedule switched off in the configuration, or left by an
 * older version) is removed, or it would keep adding jobs.
 */
@Injectable()
export class JobScheduler {
  private readonly logger = new Logger(JobScheduler.name);

  async register(queue: Queue, schedules: readonly ScheduleDefinition[]): Promise<RegisteredSchedule[]> {
    const registered: RegisteredSchedule[] = [];
    for (const schedule of schedules) {
      await queue.upsertJobScheduler(
        schedule.id,
        { every: schedule.everyMs },
        {
          name: schedule.name,
          data: schedule.data,
          // A repeatable job is not retried: the next run comes soon enough and does the same work.
          opts: { attempts: 1, removeOnComplete: KEEP_COMPLETED_JOBS, removeOnFail: KEEP_FAILED_JOBS },
        },
      );
      registered.push({ queue: queue.name, id: schedule.id, name: schedule.name, everyMs: schedule.everyMs });
    }
    const declared = new Set(schedules.map((schedule) => schedule.id));
    for (const scheduler of await queue.getJobSchedulers()) {
      if (!declared.has(scheduler.key)) {
        await queue.removeJobScheduler(scheduler.key);
        this.logger.log(
          `Queue "${queue.name}": removed the job scheduler "${scheduler.key}", which its processor no longer declares`,
        );
      }
    }
    return registered;
  }
}
