import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from 'src/config/app-config';
import { bullRootOptions } from 'src/jobs/bull-options';
import { JobInstrumentation } from 'src/jobs/job-instrumentation.service';
import { JobScheduler } from 'src/jobs/job-scheduler.service';
import { JobsRunner } from 'src/jobs/jobs-runner.service';
import { ALL_QUEUES } from 'src/jobs/queue-names';
import { QueueErrorLogger } from 'src/jobs/queue-error-logger.service';

/**
 * BullMQ for the whole application: the shared connection settings and every queue of QueueName, injectable
 * anywhere with `@InjectQueue(QueueName.X)` to add jobs. Importing it starts no worker (manual registration):
 * only the worker process calls JobsRunner.start(), so the API and the CLI just produce jobs.
 */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => bullRootOptions(config),
      extraOptions: { manualRegistration: true },
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [JobInstrumentation, JobScheduler, JobsRunner, QueueErrorLogger],
  exports: [BullModule, JobInstrumentation, JobScheduler, JobsRunner],
})
export class JobsModule {}
