import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuditModule } from 'src/audit/audit.module';
import { AuthModule } from 'src/auth/auth.module';
import { ScaiKeyModule } from 'src/auth/scaikey/scaikey.module';
import { HttpExceptionFilter } from 'src/common/errors/http-exception.filter';
import { AppValidationPipe } from 'src/common/validation/app-validation.pipe';
import { ConfigModule } from 'src/config/config.module';
import { DatabaseModule } from 'src/database/database.module';
import { HealthModule } from 'src/health/health.module';
import { LogDestination, LoggingModule } from 'src/logging/logging.module';
import { HttpMetricsMiddleware } from 'src/metrics/http-metrics.middleware';
import { MetricsModule } from 'src/metrics/metrics.module';
import { PowerDnsModule } from 'src/powerdns/powerdns.module';
import { RedisModule } from 'src/redis/redis.module';

/** Infrastructure shared by the API, the worker and the CLI. */
export function coreModules(logDestination: LogDestination = 'stdout') {
  return [
    ConfigModule,
    LoggingModule.forRoot(logDestination),
    MetricsModule,
    DatabaseModule,
    RedisModule,
    PowerDnsModule,
    ScaiKeyModule,
    AuditModule,
  ];
}

@Module({
  imports: [...coreModules(), AuthModule, HealthModule],
  providers: [
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_PIPE, useClass: AppValidationPipe },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
