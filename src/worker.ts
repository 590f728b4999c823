import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from 'src/bootstrap/exit-on-config-error';
import { AppConfig } from 'src/config/app-config';
import { JobsRunner } from 'src/jobs/jobs-runner.service';
import { WorkerModule } from 'src/worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: JobsRunner stops the workers (running jobs finish), then queues, Redis and the database close.
  app.enableShutdownHooks();
  const logger = app.get(Logger);
  try {
    const started = await app.get(JobsRunner).start();
    const schedules = started.schedules.map(
      (schedule) => `${schedule.name} every ${schedule.everyMs / 1000} s`,
    );
    logger.log(
      `ScaiDNS worker started (${app.get(AppConfig).environment}): queues ${started.queues.join(', ')}, ` +
        `concurrency ${started.concurrency}, schedules: ${schedules.join('; ') || 'none'}`,
    );
  } catch (error) {
    await app.close();
    throw error;
  }
}

bootstrap().catch(exitOnConfigError);
