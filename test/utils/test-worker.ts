import { Test, TestingModule } from '@nestjs/testing';
import { AppConfig } from 'src/config/app-config';
import { JobsRunner, WorkerStartReport } from 'src/jobs/jobs-runner.service';
import { MetricsService } from 'src/metrics/metrics.service';
import { WorkerModule } from 'src/worker.module';
import { TestApp } from 'test/utils/test-app';

export interface TestWorker {
  context: TestingModule;
  config: AppConfig;
  started: WorkerStartReport;
  metrics: MetricsService;
  close: () => Promise<void>;
}

/**
 * Boots the worker (WorkerModule + JobsRunner.start(), as src/worker.ts does) in the test process, on the same
 * database, Redis prefix, PowerDNS and resolvers as a test app. `adjust` changes the worker's configuration, e.g. a
 * short re-check interval.
 */
export async function createTestWorker(
  app: TestApp,
  adjust: (config: AppConfig) => AppConfig = (config) => config,
): Promise<TestWorker> {
  const config = adjust(app.config);
  const context = await Test.createTestingModule({ imports: [WorkerModule.forRoot()] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  context.useLogger(['error']);
  await context.init();
  try {
    const started = await context.get(JobsRunner).start();
    return { context, config, started, metrics: context.get(MetricsService), close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
