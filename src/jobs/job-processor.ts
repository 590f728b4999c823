import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { QueueName } from 'src/jobs/queue-names';

const QUEUE_PROCESSOR = 'scaidns:queue-processor';

/** Handles the payload of one job name. What it returns is stored as the job's result. */
export type JobHandler<P> = (payload: P, job: Job<P>) => Promise<unknown>;

/** One handler per job name of the queue's payload map: the compiler refuses a processor that misses one. */
export type JobHandlers<Jobs> = { [K in keyof Jobs & string]: JobHandler<Jobs[K]> };

/** A repeatable job the worker registers (BullMQ job scheduler) when it starts. */
export type RepeatableJob<Jobs> = {
  [K in keyof Jobs & string]: {
    /** Scheduler id: upserting the same id on every start updates the schedule instead of adding one. */
    id: string;
    name: K;
    everyMs: number;
    data: Jobs[K];
  };
}[keyof Jobs & string];

/**
 * Marks the one processor of a queue. Workers are not started by Nest when the module initialises
 * (`autorun: false`, and JobsModule registers them manually): JobsRunner starts them once the boot check passed,
 * so the API and the CLI, which load the same modules, never process jobs.
 */
export function QueueProcessor(queue: QueueName): ClassDecorator {
  return applyDecorators(SetMetadata(QUEUE_PROCESSOR, queue), Processor(queue, { autorun: false }));
}

/**
 * Base of every processor: routes a job to the handler of its name (an unknown name fails at once, without
 * retries) and runs it inside the worker metrics and logs. `Jobs` maps each job name of the queue to its payload.
 */
export abstract class JobProcessor<Jobs extends object> extends WorkerHost {
  protected abstract readonly handlers: JobHandlers<Jobs>;

  constructor(private readonly instrumentation: JobInstrumentation) {
    super();
  }

  get queueName(): QueueName {
    return Reflect.getMetadata(QUEUE_PROCESSOR, this.constructor) as QueueName;
  }

  get jobNames(): string[] {
    return Object.keys(this.handlers);
  }

  /** Repeatable jobs of this queue; registered by the worker at start. */
  schedules(): RepeatableJob<Jobs>[] {
    return [];
  }

  process(job: Job): Promise<unknown> {
    return this.instrumentation.run(this.queueName, job, () => {
      const handler = (this.handlers as Record<string, JobHandler<unknown> | undefined>)[job.name];
      if (!handler) {
        throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${this.queueName}"`);
      }
      return handler(job.data, job);
    });
  }
}

/** The queue of a processor class, as set by @QueueProcessor (null for a plain @Processor). */
export function processorQueueOf(type: object): QueueName | null {
  return (Reflect.getMetadata(QUEUE_PROCESSOR, type) as QueueName | undefined) ?? null;
}
