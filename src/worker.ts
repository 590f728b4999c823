import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from 'src/bootstrap/exit-on-config-error';
import { WorkerModule } from 'src/worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('ScaiDNS worker started');
}

bootstrap().catch(exitOnConfigError);
