import { Global, Module } from '@nestjs/common';
import { PowerDnsService } from 'src/powerdns/powerdns.service';

/**
 * PowerDnsService for the whole app. Needs AppConfig, RedisService and MetricsService, which their own global modules
 * (ConfigModule, RedisModule, MetricsModule) provide.
 */
@Global()
@Module({ providers: [PowerDnsService], exports: [PowerDnsService] })
export class PowerDnsModule {}
