import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccessGrantsApiModule } from 'src/access-grants/access-grants-api.module';
import { ApiKeyManagementModule } from 'src/api-keys/api-key-management.module';
import { AuditApiModule } from 'src/audit/audit-api.module';
import { AuditModule } from 'src/audit/audit.module';
import { AuthModule } from 'src/auth/auth.module';
import { ScaiKeyModule } from 'src/auth/scaikey/scaikey.module';
import { HttpExceptionFilter } from 'src/common/errors/http-exception.filter';
import { AppValidationPipe } from 'src/common/validation/app-validation.pipe';
import { ConfigModule } from 'src/config/config.module';
import { DatabaseModule } from 'src/database/database.module';
import { DnssecModule } from 'src/dnssec/dnssec.module';
import { DomainsModule } from 'src/domains/domains.module';
import { HealthModule } from 'src/health/health.module';
import { JobsModule } from 'src/jobs/jobs.module';
import { LogDestination, LoggingModule } from 'src/logging/logging.module';
import { HttpMetricsMiddleware } from 'src/metrics/http-metrics.middleware';
import { MetricsModule } from 'src/metrics/metrics.module';
import { PlatformAdminModule } from 'src/platform-admin/platform-admin.module';
import { PlatformConfigModule } from 'src/platform-config/platform-config.module';
import { PowerDnsModule } from 'src/powerdns/powerdns.module';
import { RateLimitModule } from 'src/rate-limit/rate-limit.module';
import { RecordsModule } from 'src/records/records.module';
import { RedisModule } from 'src/redis/redis.module';
import { ReverseZonesModule } from 'src/reverse-zones/reverse-zones.module';
import { RolesApiModule } from 'src/roles/roles-api.module';
import { ScaiKeySyncModule } from 'src/scaikey-sync/scaikey-sync.module';
import { TemplatesModule } from 'src/templates/templates.module';
import { UsersAdminModule } from 'src/users/users-admin.module';
import { ZoneTransferModule } from 'src/zone-transfer/zone-transfer.module';

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
    RateLimitModule,
    PlatformConfigModule,
    JobsModule,
  ];
}

@Module({
  imports: [
    ...coreModules(),
    AuthModule,
    HealthModule,
    ApiKeyManagementModule,
    RolesApiModule,
    UsersAdminModule,
    DomainsModule,
    RecordsModule,
    ReverseZonesModule,
    DnssecModule,
    TemplatesModule,
    AccessGrantsApiModule,
    AuditApiModule,
    ScaiKeySyncModule,
    ZoneTransferModule,
    PlatformAdminModule,
  ],
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
