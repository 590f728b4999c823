import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from 'src/app.module';
import { configureApp } from 'src/bootstrap/configure-app';
import { exitOnConfigError } from 'src/bootstrap/exit-on-config-error';
import { AppConfig } from 'src/config/app-config';

async function bootstrap(): Promise<void> {
  // rawBody: webhook signatures are computed over the exact bytes ScaiKey sent.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  await configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.http.port, config.http.host);
  app
    .get(Logger)
    .log(`ScaiDNS API listening on http://${config.http.host}:${config.http.port} (${config.environment})`);
}

bootstrap().catch(exitOnConfigError);
