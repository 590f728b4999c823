import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from 'src/config/app-config';
import { buildPinoOptions } from 'src/logging/pino-options';

export type LogDestination = 'stdout' | 'stderr';

@Module({})
export class LoggingModule {
  /** The API and worker log to stdout; the CLI logs to stderr so its stdout stays machine-readable. */
  static forRoot(destination: LogDestination = 'stdout'): DynamicModule {
    const fd = destination === 'stdout' ? 1 : 2;
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const options = buildPinoOptions(config, fd);
            return {
              pinoHttp: options.transport ? options : [options, pino.destination({ fd, sync: false })],
            };
          },
        }),
      ],
    };
  }
}
